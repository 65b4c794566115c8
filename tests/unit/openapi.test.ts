import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { API_OPERATIONS, openApiDocument } from "@/lib/api/openapi";
import { ERROR_CODE_NAMES } from "@/lib/http/error-codes";
import { appPaths } from "@/tests/support/app-pages";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every method exported by every route file under app/api/v1, as "get /api/v1/articles/{id}". */
function implementedOperations(): string[] {
  const found: string[] = [];
  for (const url of appPaths("app/api/v1").map((path) => `/api/v1${path === "/" ? "" : path}`)) {
    if (url.endsWith("openapi.json")) continue;
    const file = `app${url.replace("sample-id", "[id]")}/route.ts`;
    const source = readFileSync(file, "utf8");
    for (const method of METHODS) {
      if (new RegExp(`export const ${method}\\b|export (async )?function ${method}\\b`).test(source)) {
        found.push(`${method.toLowerCase()} ${url.replace("sample-id", "{id}")}`);
      }
    }
  }
  return found.sort();
}

const document = openApiDocument("http://localhost:3000");

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1", async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, JSON.stringify(result)).toBe(true);
    expect(document.openapi).toBe("3.1.0");
  });

  it("lists exactly the operations the route handlers implement", () => {
    const documented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(implementedOperations());
    expect(API_OPERATIONS).toHaveLength(documented.length);
  });

  it("describes request bodies from the handlers' own schemas", () => {
    const create = document.components.schemas.CreateArticle as {
      required: string[];
      properties: Record<string, { maxLength?: number }>;
    };
    expect(create.required).toEqual(["title", "body"]);
    expect(create.properties.title.maxLength).toBe(200);
  });

  it("documents the error statuses of every operation with the common error body", () => {
    for (const ops of Object.values(document.paths)) {
      for (const op of Object.values(ops) as Array<{
        responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }>;
      }>) {
        for (const status of ["401", "403", "429"])
          expect(op.responses[status]?.content?.["application/json"].schema.$ref).toBe("#/components/schemas/Error");
      }
    }
  });
});

describe("the error codes", () => {
  // Every code a handler, guard, middleware or server hook writes, read from the source.
  function sentCodes(): Set<string> {
    const files = execFileSync("git", ["ls-files", "lib", "app", "middleware.ts", "instrumentation.ts"], {
      encoding: "utf8",
    })
      .split("\n")
      .filter((file) => /\.tsx?$/.test(file) && file !== "lib/http/error-codes.ts");
    const codes = new Set<string>();
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      for (const match of source.matchAll(/(?:\berror: |HttpError\(|errorResponse\()\s*"([a-z_]+)"/g))
        codes.add(match[1]);
    }
    return codes;
  }

  it("are one closed list: every code sent is in it, and every code in it is sent somewhere", () => {
    expect([...sentCodes()].sort()).toEqual([...ERROR_CODE_NAMES].sort());
  });

  it("are published in the OpenAPI document's Error schema", () => {
    const error = (document.components.schemas.Error as unknown as { properties: { error: { enum: string[] } } })
      .properties.error;
    expect(error.enum).toEqual(ERROR_CODE_NAMES);
  });
});
