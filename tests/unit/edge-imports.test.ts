import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// middleware.ts runs on the edge runtime, which cannot load Prisma, argon2, database drivers or
// Node's own modules. Which files it may import is not a matter of comments: this walks its import
// graph, file by file, and fails on anything Node-only, directly or through another module.
const NODE_ONLY = [
  /^node:/,
  /^@prisma\//,
  /^\.prisma\//,
  /^prisma$/,
  /^@node-rs\/argon2/,
  /^better-sqlite3$/,
  /^pg$/,
  /^ioredis$/,
  /^server-only$/,
  /^(fs|path|crypto|http|https|net|child_process|async_hooks)$/,
];
const NODE_ONLY_FILES = [/^lib\/db\.ts$/, /^lib\/db-transaction\.ts$/];

function resolve(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? specifier.slice(2)
    : specifier.startsWith(".")
      ? path.join(path.dirname(from), specifier)
      : null;
  if (base === null) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.mjs`, `${base}.js`, `${base}/index.ts`]) {
    if (existsSync(candidate) && !candidate.endsWith("/")) return path.normalize(candidate);
  }
  throw new Error(`${from} imports ${specifier}, which resolves to no file`);
}

/** Every file and package reached through static imports and re-exports (type-only imports are erased). */
function importGraph(entry: string) {
  const files = new Map<string, string[]>();
  const packages = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    const source = readFileSync(file, "utf8");
    const specifiers = [
      ...source.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?["']([^"']+)["']/gm),
    ].map((match) => match[1]);
    files.set(file, specifiers);
    for (const specifier of specifiers) {
      const target = resolve(file, specifier);
      if (target) visit(target);
      else packages.set(specifier, file);
    }
  };
  visit(entry);
  return { files, packages };
}

describe("the edge gate's imports", () => {
  const { files, packages } = importGraph("middleware.ts");

  it("reaches the modules it is meant to", () => {
    expect([...files.keys()]).toEqual(
      expect.arrayContaining([
        "lib/auth/policy.ts",
        "lib/auth/edge/session-claims.ts",
        "lib/http/server-action-guard.ts",
      ]),
    );
  });

  it("reaches no Node-only package", () => {
    const offending = [...packages]
      .filter(([specifier]) => NODE_ONLY.some((pattern) => pattern.test(specifier)))
      .map(([specifier, file]) => `${file} imports ${specifier}`);
    expect(offending).toEqual([]);
  });

  it("reaches no Node-only file of ours (the database client, a file marked server-only)", () => {
    const offending = [...files.keys()].filter(
      (file) =>
        NODE_ONLY_FILES.some((pattern) => pattern.test(file)) ||
        /^import "server-only";/m.test(readFileSync(file, "utf8")),
    );
    expect(offending).toEqual([]);
  });

  it("keeps lib/auth/edge/ edge-safe too, since anything may import it", () => {
    for (const file of [
      "lib/auth/edge/config.ts",
      "lib/auth/edge/session-claims.ts",
      "lib/auth/edge/redirects.ts",
      "lib/auth/edge/providers.ts",
    ]) {
      const graph = importGraph(file);
      const bad = [...graph.packages.keys()].filter((specifier) =>
        NODE_ONLY.some((pattern) => pattern.test(specifier)),
      );
      expect(bad, file).toEqual([]);
    }
  });

  it("would notice a Node-only import (the walker itself works)", () => {
    const { packages: nodeSide } = importGraph("lib/auth/session/nextauth.ts");
    expect([...nodeSide.keys()].some((specifier) => NODE_ONLY.some((pattern) => pattern.test(specifier)))).toBe(true);
  });
});
