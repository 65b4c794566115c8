import { readdirSync } from "node:fs";
import path from "node:path";

/**
 * Every page and route handler under app/, as the URL path a browser would ask for. Route groups
 * "(name)" vanish from the URL; a dynamic segment "[id]" becomes "sample-id" (enough for access
 * checks, which come before any lookup). The endpoints for machines are left out (middleware's
 * matcher leaves them out too): the REST API and the MCP server authenticate a bearer token
 * themselves, and the documents under /.well-known/ are public by definition.
 */
const MACHINE_ENDPOINTS = ["/api", "/mcp", "/.well-known"];

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
  return found
    .filter((url) => !MACHINE_ENDPOINTS.some((prefix) => url === prefix || url.startsWith(`${prefix}/`)))
    .sort();
}
