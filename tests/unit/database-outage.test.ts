import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cspDirectives } from "@/tests/support/csp";
import {
  DATABASE_UNAVAILABLE_MESSAGE,
  installOutageAnswers,
  isDatabaseUnavailable,
  watchDatabase,
} from "@/lib/server/database-outage";

// The error shapes below are the ones the drivers produce (recorded from @prisma/adapter-pg,
// node-postgres and Auth.js against a stopped server, a statement timeout and an unreachable host).
const adapterError = (cause: object) => ({ name: "DriverAdapterError", cause });
const prismaWrapped = (code: string, cause: object) => ({
  name: "PrismaClientKnownRequestError",
  code,
  meta: { driverAdapterError: adapterError(cause) },
});

describe("isDatabaseUnavailable", () => {
  it.each([
    ["server down", prismaWrapped("P2010", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5499 })],
    ["cannot reach (transaction)", prismaWrapped("P1001", { kind: "DatabaseNotReachable" })],
    ["statement timeout", prismaWrapped("P2010", { kind: "postgres", code: "57014", originalCode: "57014" })],
    ["server shutting down", adapterError({ kind: "postgres", originalCode: "57P01" })],
    ["server starting up", adapterError({ kind: "postgres", originalCode: "57P03" })],
    ["connection closed", adapterError({ kind: "ConnectionClosed" })],
    ["pool wait ran out", new Error("timeout exceeded when trying to connect")],
    ["connection dropped", new Error("Connection terminated unexpectedly")],
    ["refused", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["SQLite lock wait ran out", adapterError({ kind: "sqlite", originalCode: "SQLITE_BUSY" })],
    ["inside Auth.js", { name: "CallbackRouteError", cause: { err: new Error("Connection terminated unexpectedly") } }],
  ])("%s: yes", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["unique constraint", prismaWrapped("P2002", { kind: "UniqueConstraintViolation" })],
    ["write conflict (retried elsewhere)", adapterError({ kind: "TransactionWriteConflict", originalCode: "40001" })],
    ["SQLite snapshot conflict", adapterError({ kind: "sqlite", originalCode: "SQLITE_BUSY_SNAPSHOT" })],
    ["a bug", new TypeError("Cannot read properties of undefined")],
    ["not an error", "ECONNREFUSED"],
    [
      "a cycle",
      (() => {
        const error: { cause?: unknown } = {};
        error.cause = error;
        return error;
      })(),
    ],
  ])("%s: no", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe("answers to a request that met an unreachable database", () => {
  let origin = "";
  let server: http.Server;
  const unreachable = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
  const driver = watchDatabase({
    async query(fails: boolean) {
      if (fails) throw unreachable;
      return "rows";
    },
  });

  beforeAll(async () => {
    installOutageAnswers();
    server = http.createServer(async (request, response) => {
      const url = new URL(request.url ?? "/", "http://x");
      try {
        if (url.pathname === "/bug") throw new TypeError("a bug, not an outage");
        await driver.query(url.searchParams.has("down"));
        response.writeHead(200, { "content-type": "text/plain" }).end("ok");
      } catch {
        // What Next does with an error it did not expect: a 500 with a body of its own.
        response.statusCode = 500;
        response.setHeader("content-type", "text/html");
        response.setHeader("x-request-id", "req-1");
        response.end("<html>Internal Server Error with details</html>");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("a page gets a 503 page with Retry-After, not the 500", async () => {
    const response = await fetch(`${origin}/dashboard?down`, { headers: { accept: "text/html" } });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(response.headers.get("x-request-id")).toBe("req-1");
    // Its policy runs nothing, and leaves no <base> or form a way out either.
    const csp = cspDirectives(response.headers.get("content-security-policy") ?? "");
    for (const name of ["default-src", "base-uri", "form-action", "frame-ancestors"])
      expect(csp.get(name), name).toEqual(["'none'"]);
    const body = await response.text();
    expect(body).toContain(DATABASE_UNAVAILABLE_MESSAGE);
    expect(body).not.toContain("details");
  });

  it("an API client gets JSON, a server action's caller plain text", async () => {
    const api = await fetch(`${origin}/api/v1/articles?down`, { headers: { accept: "application/json" } });
    expect(api.status).toBe(503);
    expect(await api.json()).toEqual({ error: "database_unavailable", message: DATABASE_UNAVAILABLE_MESSAGE });
    const action = await fetch(`${origin}/dashboard?down`, { method: "POST", headers: { "next-action": "abc" } });
    expect(action.status).toBe(503);
    expect(action.headers.get("content-type")).toBe("text/plain");
    expect(await action.text()).toBe(DATABASE_UNAVAILABLE_MESSAGE);
  });

  it("leaves other answers alone, and a bug's 500 stays a 500 once the outage is past", async () => {
    const ok = await fetch(`${origin}/dashboard`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("ok");
    // Within 2 s of a failure, a 5xx elsewhere is taken for the same outage (batched queries).
    expect((await fetch(`${origin}/bug`)).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const bug = await fetch(`${origin}/bug`);
    expect(bug.status).toBe(500);
    expect(await bug.text()).toContain("Internal Server Error");
  });
});
