// components/boundaries.tsx says why this file exists.
export { Unauthorized as default } from "@/components/boundaries";
