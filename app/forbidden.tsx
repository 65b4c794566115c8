import { AccessDenied } from "@/components/access-denied";

// Rendered with status 403 when a page calls forbidden() (lib/auth/current-user.ts).
export default function Forbidden() {
  return <AccessDenied />;
}
