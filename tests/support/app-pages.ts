import { readdirSync } from "node:fs";
import path from "node:path";

/**
 * Every page and route handler under app/, as the URL path a browser would ask for. Route groups
 * "(name)" vanish from the URL; a dynamic segment "[id]" becomes "sample-id" (enough for access
 * checks, which come before any lookup). API routes are left out: they authenticate themselves; so
 * are the documents under /.well-known/, which are for machines and public by definition.
 */
export function appPaths(root = "app"): string[] {
  const found: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        const name = entry.name;
        const segment = name.startsWith("(") ? null : name.startsWith("[") ? "sample-id" : name;
        walk(path.join(dir, name), segment ? [...segments, segment] : segments);
      } else if (/^(page|route)\.(tsx|ts)$/.test(entry.name)) {
        found.push(`/${segments.join("/")}`);
      }
    }
  };
  walk(root, []);
  return found.filter((url) => !url.startsWith("/api/") && !url.startsWith("/.well-known/")).sort();
}
