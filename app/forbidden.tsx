import { AccessDenied } from "@/components/access-denied";

// Rendered with status 403 when a page calls forbidden() (lib/auth/guards/page.ts).
export default function Forbidden() {
  return <AccessDenied />;
}
