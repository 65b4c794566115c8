// The 404 page (components/boundaries.tsx says why it is a client component).
export { NotFound as default } from "@/components/boundaries";
