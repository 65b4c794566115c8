// The 403 page for a page that calls forbidden() (lib/auth/guards/page.ts); middleware's own refusals
// render app/access-denied. components/boundaries.tsx says why it is a client component.
export { Forbidden as default } from "@/components/boundaries";
