import type { Metadata } from "next";
import { AccessDenied } from "@/components/access-denied";

// Middleware rewrites forbidden requests here with status 403.
export const metadata: Metadata = { title: "Access denied", robots: { index: false } };

export default function AccessDeniedPage() {
  return <AccessDenied />;
}
