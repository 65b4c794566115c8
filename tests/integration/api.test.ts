import { beforeAll, describe, expect, it } from "vitest";
import type { BuiltInRole, Scope } from "@/lib/auth/policy";
import { resourceMetadataUrl } from "@/lib/auth/oauth-server/resources";
import { db } from "@/lib/db";
import { setSecondFactorChoices } from "@/lib/settings/queries";
import { insertToken } from "@/lib/tokens/queries";
import { api } from "./support/api-client";

let counter = 0;
async function tokenFor(role: BuiltInRole, scopes: Scope[], options: { expiresAt?: Date | null } = {}) {
  counter += 1;
  const user = await db.user.create({
    data: { email: `api-${role}-${counter}@example.com`, role, emailVerified: new Date() },
  });
  const { token, row } = await insertToken({
    personId: user.id,
    name: `t${counter}`,
    scopes,
    expiresAt: options.expiresAt ?? null,
  });
  return { token, tokenId: row.id, userId: user.id };
}

const ALL: Scope[] = ["articles:read", "articles:write", "articles:delete"];

// Most tests here use admins' tokens without a second factor; the default (admins must use two-step
// sign-in) is tested on its own below.
const noRoleRequired = () => setSecondFactorChoices(new Map([["admin", false]]));
beforeAll(noRoleRequired);

describe("a role that must use two-step sign-in", () => {
  it("refuses the tokens of someone in it without a second factor, with the reason, until they set one up", async () => {
    const admin = await tokenFor("admin", ["articles:read"]);
    await setSecondFactorChoices(new Map([["admin", true]]));
    try {
      const refused = await api("GET", "/api/v1/articles", { token: admin.token });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: "second_factor_required" });
      await db.totpFactor.create({ data: { userId: admin.userId, secret: "v1.sealed", confirmedAt: new Date() } });
      expect((await api("GET", "/api/v1/articles", { token: admin.token })).status).toBe(200);
      // A passkey counts as the second factor too.
      const other = await tokenFor("admin", ["articles:read"]);
      expect((await api("GET", "/api/v1/articles", { token: other.token })).status).toBe(403);
      await db.passkey.create({
        data: { id: `pk-${other.userId}`, userId: other.userId, name: "Key", publicKey: "AA" },
      });
      expect((await api("GET", "/api/v1/articles", { token: other.token })).status).toBe(200);
    } finally {
      await noRoleRequired();
    }
  });
});

describe("authentication (RFC 6750)", () => {
  it("answers a request without a token with 401 and a Bearer challenge", async () => {
    const response = await api("GET", "/api/v1/articles");
    expect(response.status).toBe(401);
    // Bearer first, and DPoP beside it for apps whose tokens are bound to a key (RFC 9449 §7.1).
    // It names the API's protected-resource metadata (RFC 9728 §5.1), where a client learns whom to ask.
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer realm="gatehouse", resource_metadata="${resourceMetadataUrl("api")}", DPoP algs="ES256 Ed25519 EdDSA"`,
    );
    expect(response.body).toMatchObject({ error: "unauthenticated" });
  });

  it("does not accept the browser's session cookie", async () => {
    const response = await api("POST", "/api/v1/articles", {
      json: { title: "t", body: "b" },
      headers: { cookie: "__Secure-authjs.session-token=anything; authjs.session-token=anything" },
    });
    expect(response.status).toBe(401);
  });

  it.each([
    ["garbage", "not-a-token"],
    ["an unknown token of the right shape", `gat_${"A".repeat(43)}`],
  ])("answers %s with 401 invalid_token", async (_label, token) => {
    const response = await api("GET", "/api/v1/articles", { token });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("answers a revoked, an expired and a disabled owner's token with 401 invalid_token", async () => {
    const revoked = await tokenFor("user", ["articles:read"]);
    await db.apiToken.update({ where: { id: revoked.tokenId }, data: { revokedAt: new Date() } });
    const expired = await tokenFor("user", ["articles:read"], { expiresAt: new Date(Date.now() - 1000) });
    const disabled = await tokenFor("user", ["articles:read"]);
    await db.user.update({ where: { id: disabled.userId }, data: { disabledAt: new Date() } });
    for (const [{ token }, word] of [
      [revoked, "revoked"],
      [expired, "expired"],
      [disabled, "disabled"],
    ] as const) {
      const response = await api("GET", "/api/v1/articles", { token });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
      expect(String(response.body?.message)).toContain(word);
    }
  });

  it("refuses a token in the query string or in the body with 400", async () => {
    const { token } = await tokenFor("writer", ALL);
    const inQuery = await api("GET", `/api/v1/articles?access_token=${token}`);
    expect(inQuery.status).toBe(400);
    expect(inQuery.headers.get("www-authenticate")).toContain('error="invalid_request"');
    const inBody = await api("POST", "/api/v1/articles", {
      token,
      json: { title: "t", body: "b", access_token: token },
    });
    expect(inBody.status).toBe(400);
  });

  it("refuses a malformed Authorization header with 400 invalid_request", async () => {
    const response = await api("GET", "/api/v1/articles", { headers: { authorization: "Bearer two words" } });
    expect(response.status).toBe(400);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_request"');
  });
});

describe("authorization: token scopes ∩ the owner's current role", () => {
  it("refuses every call with 403 email_unverified while the owner has not confirmed their address", async () => {
    const { token, userId } = await tokenFor("admin", ALL);
    await db.user.update({ where: { id: userId }, data: { emailVerified: null } });
    const response = await api("GET", "/api/v1/articles", { token });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ error: "email_unverified" });
  });

  it("refuses a missing scope with 403 insufficient_scope naming the scope", async () => {
    const { token } = await tokenFor("admin", ["articles:read"]);
    const response = await api("POST", "/api/v1/articles", { token, json: { title: "t", body: "b" } });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    expect(response.headers.get("www-authenticate")).toContain('scope="articles:write"');
  });

  it("gives no scope to ask for when the owner's role would refuse the call anyway", async () => {
    const { token } = await tokenFor("user", ["articles:read"]);
    const response = await api("POST", "/api/v1/articles", { token, json: { title: "t", body: "b" } });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ error: "forbidden" });
    expect(response.body?.message).toContain("role (user)");
    expect(response.headers.get("www-authenticate")).toBeNull();
  });

  it("refuses what the owner's role does not allow, whatever the scopes: a writer deletes only what they wrote", async () => {
    const { token } = await tokenFor("writer", ALL);
    const editor = await tokenFor("editor", ALL);
    const theirs = await api("POST", "/api/v1/articles", { token: editor.token, json: { title: "Theirs", body: "b" } });
    const mine = await api("POST", "/api/v1/articles", { token, json: { title: "Mine", body: "b" } });
    expect(mine.status).toBe(201);
    expect((await api("DELETE", `/api/v1/articles/${mine.body!.id}`, { token })).status).toBe(204);
    const response = await api("DELETE", `/api/v1/articles/${theirs.body!.id}`, { token });
    expect(response.status).toBe(403);
    expect(response.body?.message).toContain("role (writer)");
    // No scope to ask for: a client following a step-up hint here would only loop.
    expect(response.body).toMatchObject({ error: "forbidden" });
    expect(response.headers.get("www-authenticate")).toBeNull();
  });

  it("takes power away from a token on its next use when its owner is demoted, and all of it when disabled", async () => {
    const { token, userId } = await tokenFor("writer", ALL);
    expect((await api("POST", "/api/v1/articles", { token, json: { title: "Before", body: "b" } })).status).toBe(201);
    await db.user.update({ where: { id: userId }, data: { role: "user" } });
    expect((await api("POST", "/api/v1/articles", { token, json: { title: "After", body: "b" } })).status).toBe(403);
    expect((await api("GET", "/api/v1/articles", { token })).status).toBe(200);
    await db.user.update({ where: { id: userId }, data: { disabledAt: new Date() } });
    expect((await api("GET", "/api/v1/articles", { token })).status).toBe(401);
    expect(await db.article.count({ where: { title: "After" } })).toBe(0);
  });
});

describe("articles", () => {
  it("creates, reads, updates and deletes, with JSON and the right status codes", async () => {
    const { token } = await tokenFor("admin", ALL);
    const created = await api("POST", "/api/v1/articles", { token, json: { title: "  Hello  ", body: "World" } });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/api/v1/articles/${created.body!.id}`);
    expect(created.body).toMatchObject({ title: "Hello", body: "World" });

    const fetched = await api("GET", `/api/v1/articles/${created.body!.id}`, { token });
    expect(fetched.status).toBe(200);
    const updated = await api("PATCH", `/api/v1/articles/${created.body!.id}`, {
      token,
      json: { title: "Hello again", version: fetched.body!.version },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ title: "Hello again", body: "World" });

    const stale = await api("PATCH", `/api/v1/articles/${created.body!.id}`, {
      token,
      json: { body: "Lost update", version: fetched.body!.version },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: "conflict" });

    expect((await api("DELETE", `/api/v1/articles/${created.body!.id}`, { token })).status).toBe(204);
    expect((await api("GET", `/api/v1/articles/${created.body!.id}`, { token })).status).toBe(404);
    expect((await api("DELETE", `/api/v1/articles/${created.body!.id}`, { token })).status).toBe(404);
  });

  it("pages through the list with a cursor, without repeats or gaps", async () => {
    const { token } = await tokenFor("writer", ALL);
    for (let index = 0; index < 5; index++)
      await api("POST", "/api/v1/articles", { token, json: { title: `Paged ${index}`, body: "b" } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api("GET", `/api/v1/articles?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token });
      expect(page.status).toBe(200);
      const data = page.body!.data as Array<{ id: string }>;
      expect(data.length).toBeLessThanOrEqual(2);
      seen.push(...data.map((article) => article.id));
      cursor = page.body!.nextCursor as string | null;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await db.article.count());
  });

  it.each([
    ["limit above 100", "/api/v1/articles?limit=101", 400],
    ["limit that is not a number", "/api/v1/articles?limit=lots", 400],
    ["a cursor that was never issued", "/api/v1/articles?cursor=forged", 400],
  ])("answers %s with %i and a message", async (_label, path, status) => {
    const { token } = await tokenFor("user", ["articles:read"]);
    const response = await api("GET", path, { token });
    expect(response.status).toBe(status);
    expect(typeof response.body?.message).toBe("string");
  });

  it("answers bad bodies with 400, 413, 415 and 422, and writes nothing", async () => {
    const { token } = await tokenFor("writer", ALL);
    const before = await db.article.count();
    const cases: Array<[number, Parameters<typeof api>[2]]> = [
      [415, { token, rawBody: "title=x", headers: { "content-type": "application/x-www-form-urlencoded" } }],
      [400, { token, rawBody: "{not json", headers: { "content-type": "application/json" } }],
      [400, { token, rawBody: "", headers: { "content-type": "application/json" } }],
      [400, { token, rawBody: "[".repeat(50) + "]".repeat(50), headers: { "content-type": "application/json" } }],
      [413, { token, json: { title: "big", body: "x".repeat(70_000) } }],
      [422, { token, json: { body: "no title" } }],
      [422, { token, json: { title: ["not", "a", "string"], body: 1 } }],
      [422, { token, json: { title: "t", body: "b", role: "admin" } }],
      [422, { token, json: null }],
    ];
    for (const [status, options] of cases) {
      const response = await api("POST", "/api/v1/articles", options);
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(response.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    }
    const invalid = await api("POST", "/api/v1/articles", { token, json: { body: "" } });
    expect(invalid.body?.fields).toMatchObject({ title: expect.any(Array), body: ["Write something in the body."] });
    expect(await db.article.count()).toBe(before);
  });

  it("sends RateLimit headers with every answer", async () => {
    const { token } = await tokenFor("user", ["articles:read"]);
    const response = await api("GET", "/api/v1/articles", { token });
    expect(response.headers.get("ratelimit-limit")).toBe("600");
    expect(Number(response.headers.get("ratelimit-remaining"))).toBeLessThan(600);
    expect(Number(response.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
  });

  it("records when and where a token was last used, and audits a new address", async () => {
    const { token, tokenId } = await tokenFor("user", ["articles:read"]);
    await api("GET", "/api/v1/articles", { token, headers: { "x-forwarded-for": "203.0.113.50" } });
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: tokenId } });
    expect(row.lastUsedIp).toBe("203.0.113.50");
    expect(row.lastUsedAt).not.toBeNull();
    expect(
      await db.auditEvent.count({
        where: { action: "token.used_from_new_network", after: { contains: "203.0.113.50" } },
      }),
    ).toBe(1);
  });
});
