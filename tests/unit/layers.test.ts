import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The house's layers, as docs/development.md's "Project layout" draws them: app → components → lib, and inside
// lib the plumbing (http, validation, pagination, rate limits, the database client, the environment)
// below everything that knows about people, sessions or features. Checked on the import statements.

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  return [
    ...readFileSync(file, "utf8").matchAll(
      /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?["'](@\/[^"']+)["']/gm,
    ),
  ].map((match) => match[1].slice(2));
}

const resolveModule = (specifier: string) =>
  [`${specifier}.ts`, `${specifier}.tsx`].find((file) => sourceFiles(path.dirname(file)).includes(file)) ?? specifier;

const PLUMBING = [
  "lib/http/",
  "lib/crypto/",
  "lib/validation/",
  "lib/pagination/",
  "lib/rate-limit/",
  "lib/db.ts",
  "lib/db-transaction.ts",
  "lib/env.ts",
  "lib/forms/",
  "lib/server/",
];
const ABOVE_PLUMBING = [
  "lib/auth/",
  "lib/people/",
  "lib/tokens/",
  "lib/articles/",
  "lib/audit/",
  "lib/api/",
  "lib/settings/",
];

// lib/ from the bottom up. A file may import its own layer and those below, never one above: the
// policy kernel knows nothing; primitives know the kernel; domain rooms (what Gatehouse is about)
// know primitives and each other's domain modules; guards compose them for entry points; entry points
// (server actions in lib/actions/, the route glue app/ delegates to, the MCP server) sit on top and nothing in lib/
// imports them.
const LAYERS: Array<{ name: string; matches: (file: string) => boolean }> = [
  { name: "kernel", matches: (file) => file === "lib/auth/policy.ts" },
  {
    name: "primitives",
    matches: (file) =>
      [...PLUMBING, "lib/auth/edge/", "lib/mail/", "lib/format.ts", "lib/stats/"].some((prefix) =>
        file.startsWith(prefix),
      ),
  },
  { name: "domain", matches: () => false },
  { name: "guards", matches: (file) => file.startsWith("lib/auth/guards/") },
  {
    name: "entry points",
    matches: (file) =>
      file.startsWith("lib/actions/") ||
      // The MCP server: a protocol surface over the domain, as the REST API's routes are.
      file.startsWith("lib/mcp/") ||
      /(route|endpoints|route-handler|options-route|interaction-route)\.ts$/.test(file),
  },
];
const DOMAIN = LAYERS.findIndex((layer) => layer.name === "domain");

function layerOf(file: string): number {
  const found = LAYERS.findIndex((layer) => layer.matches(file));
  return found === -1 ? DOMAIN : found;
}

describe("the layers of lib/", () => {
  const libFiles = sourceFiles("lib");

  it("keeps the plumbing below everything that knows about people, sessions and features", () => {
    const offending = libFiles
      .filter((file) => PLUMBING.some((prefix) => file.startsWith(prefix)))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => ABOVE_PLUMBING.some((prefix) => target.startsWith(prefix)))
          .map((target) => `${file} → ${target}`),
      );
    expect(offending).toEqual([]);
  });

  it("has no import cycles", () => {
    const graph = new Map(
      libFiles.map((file) => [
        file,
        importsOf(file)
          .filter((target) => target.startsWith("lib/"))
          .map(resolveModule),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(" → "));
        return;
      }
      state.set(file, "visiting");
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it("imports only downwards: kernel → primitives → domain rooms → guards → entry points", () => {
    const offending = libFiles.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith("lib/"))
        .map(resolveModule)
        .filter((target) => layerOf(target) > layerOf(file))
        .map((target) => `${file} (${LAYERS[layerOf(file)].name}) → ${target} (${LAYERS[layerOf(target)].name})`),
    );
    expect(offending).toEqual([]);
  });

  it("lets pages and components reach the database only through lib's modules", () => {
    const offending = [...sourceFiles("app"), ...sourceFiles("components")].filter((file) =>
      importsOf(file).some((target) => target === "lib/db" || target.startsWith("lib/db-")),
    );
    expect(offending).toEqual([]);
  });
});
