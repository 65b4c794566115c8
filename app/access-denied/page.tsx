import type { Metadata } from "next";
import { headers } from "next/headers";
import { AccessDenied } from "@/components/access-denied";

// Middleware rewrites forbidden requests here with status 403, naming the page asked for.
export const metadata: Metadata = { title: "Access denied", robots: { index: false } };

export default async function AccessDeniedPage() {
  return <AccessDenied path={(await headers()).get("x-gatehouse-path") ?? ""} />;
}
