// An authorization request meets Gatehouse's session; the consent form answers.
// The logic: lib/auth/oauth-server/interaction-route.ts.
export { GET, POST } from "@/lib/auth/oauth-server/interaction-route";
