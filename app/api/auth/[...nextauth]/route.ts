export { GET, POST } from "@/lib/auth/session/route-handler";
