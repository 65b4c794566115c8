import { describe, expect, it, vi } from "vitest";
import { registerWithPassword } from "@/lib/auth/credentials/verify";
import { OAuthRecordAdapter } from "@/lib/auth/oauth-server/adapter";
import {
  createAppSecret,
  deleteAppSecret,
  registerApp,
  updateApp,
  updateAppSettings,
} from "@/lib/auth/oauth-server/apps/commands";
import { clientMetadataFor, verifyClientSecret } from "@/lib/auth/oauth-server/apps/queries";
import { callNodeHandler } from "@/lib/auth/oauth-server/bridge";
import { oauthProvider } from "@/lib/auth/oauth-server/provider";
import { OAUTH_MOUNT_PATH, issuer } from "@/lib/auth/oauth-server/resources";
import { rotateSigningKeys, signingKeys } from "@/lib/auth/oauth-server/signing-keys";
import { REFRESH_TOKEN_RETRY_SECONDS } from "@/lib/auth/policy";
import { db } from "@/lib/db";

// The OAuth server's own parts against the real database: its storage, hashed client secrets with a
// rotation, and the signing keys. The protocol itself is driven end to end by tests/e2e/oauth-server.spec.ts.

let counter = 0;
async function owner() {
  const created = await registerWithPassword({
    email: `oauth-${++counter}@example.test`,
    password: "violet-kettle-42",
  });
  if (created === "exists") throw new Error("taken");
  return { id: created.id, email: `oauth-${counter}@example.test` };
}

describe("registered apps and their secrets", () => {
  it("stores only a hash; two secrets work during a rotation, a deleted one never again", async () => {
    const person = await owner();
    const app = await registerApp(person, {
      name: "Rotating",
      homepageUrl: "",
      privacyUrl: "",
      termsUrl: "",
      logoUrl: "",
      redirectUris: ["https://app.example/callback"],
      kind: "confidential",
      scopes: ["articles:read"],
      dpopBoundAccessTokens: false,
    });
    if (!app.ok || !app.secret) throw new Error("not registered");
    const stored = await db.oAuthAppSecret.findMany({ where: { appId: app.appId } });
    expect(JSON.stringify(stored)).not.toContain(app.secret);
    expect(await verifyClientSecret(app.appId, app.secret)).toBe(true);
    expect(await verifyClientSecret(app.appId, `${app.secret}x`)).toBe(false);

    const second = await createAppSecret(person, app.appId);
    if (!second.ok) throw new Error("no second secret");
    expect(await verifyClientSecret(app.appId, second.secret)).toBe(true);
    expect(await verifyClientSecret(app.appId, app.secret)).toBe(true);
    expect((await createAppSecret(person, app.appId)).ok).toBe(false);

    const first = stored[0];
    expect(await deleteAppSecret(person, app.appId, first.id)).toMatchObject({ ok: true });
    expect(await verifyClientSecret(app.appId, app.secret)).toBe(false);
    expect(await verifyClientSecret(app.appId, second.secret)).toBe(true);
    // The last secret cannot go: the app could not authenticate at all.
    const last = await db.oAuthAppSecret.findFirstOrThrow({ where: { appId: app.appId } });
    expect(await deleteAppSecret(person, app.appId, last.id)).toEqual({ ok: false, reason: "last" });
  });

  it("another person cannot add a secret to someone's app", async () => {
    const [person, stranger] = [await owner(), await owner()];
    const app = await registerApp(person, {
      name: "Mine",
      homepageUrl: "",
      privacyUrl: "",
      termsUrl: "",
      logoUrl: "",
      redirectUris: ["https://app.example/callback"],
      kind: "confidential",
      scopes: ["articles:read"],
      dpopBoundAccessTokens: false,
    });
    if (!app.ok) throw new Error("not registered");
    expect(await createAppSecret(stranger, app.appId)).toEqual({ ok: false, reason: "missing" });
  });

  it("a disabled app is unknown to the provider from its next lookup", async () => {
    const person = await owner();
    const app = await registerApp(person, {
      name: "Soon disabled",
      homepageUrl: "",
      privacyUrl: "",
      termsUrl: "",
      logoUrl: "",
      redirectUris: ["http://localhost:4000/callback"],
      kind: "public",
      scopes: ["articles:read"],
      dpopBoundAccessTokens: false,
    });
    if (!app.ok) throw new Error("not registered");
    expect(await clientMetadataFor(app.appId)).toMatchObject({ token_endpoint_auth_method: "none" });
    await db.oAuthApp.update({ where: { id: app.appId }, data: { disabledAt: new Date() } });
    expect(await clientMetadataFor(app.appId)).toBeUndefined();
  });
});

describe("the provider's storage", () => {
  it("finds by id, uid and user code; forgets what expired; a grant's records go together", async () => {
    const codes = new OAuthRecordAdapter("AuthorizationCode");
    const sessions = new OAuthRecordAdapter("Session");
    await codes.upsert("code-1", { grantId: "grant-1", accountId: "a", clientId: "c" }, 60);
    await codes.upsert("code-2", { grantId: "grant-2" }, 60);
    // As the provider does, each payload carries its own id.
    await sessions.upsert("session-1", { jti: "session-1", uid: "uid-1", accountId: "a" }, 60);
    await codes.upsert("expired", { grantId: "grant-1" }, -1);

    expect(await codes.find("code-1")).toMatchObject({ grantId: "grant-1" });
    expect(await sessions.findByUid("uid-1")).toMatchObject({ accountId: "a" });
    expect(await codes.find("expired")).toBeUndefined();
    // Kinds do not mix.
    expect(await sessions.find("code-1")).toBeUndefined();

    // Found by the device's user code: the provider gets its id back.
    const devices = new OAuthRecordAdapter("DeviceCode");
    await devices.upsert("device-code-1", { jti: "device-code-1", userCode: "BCDFGHJK", grantId: "grant-3" }, 60);
    expect(await devices.findByUserCode("BCDFGHJK")).toMatchObject({ jti: "device-code-1" });
    expect(await sessions.findByUid("uid-1")).toMatchObject({ jti: "session-1" });

    await codes.consume("code-1");
    expect((await codes.find("code-1"))?.consumed).toBeGreaterThan(0);

    await codes.revokeByGrantId("grant-1");
    expect(await codes.find("code-1")).toBeUndefined();
    expect(await codes.find("code-2")).toBeDefined();
    await codes.destroy("code-2");
    expect(await codes.find("code-2")).toBeUndefined();
  });
});

describe("what a copy of the provider's table gives away", () => {
  it("no code, token, device code or session id: rows are keyed by a hash and payloads keep none", async () => {
    const secrets = ["code-secret-value-1", "access-secret-value-2", "refresh-secret-value-3"];
    const kinds = ["AuthorizationCode", "AccessToken", "RefreshToken"];
    for (const [index, kind] of kinds.entries()) {
      await new OAuthRecordAdapter(kind).upsert(secrets[index], { jti: secrets[index], grantId: "grant-x" }, 60);
    }
    await new OAuthRecordAdapter("DeviceCode").upsert(
      "device-secret-value-4",
      { jti: "device-secret-value-4", userCode: "WXYZWXYZ" },
      60,
    );
    await new OAuthRecordAdapter("Session").upsert(
      "session-secret-value-5",
      { jti: "session-secret-value-5", uid: "u" },
      60,
    );
    const dump = JSON.stringify(await db.oAuthRecord.findMany());
    for (const secret of [...secrets, "device-secret-value-4", "session-secret-value-5"]) {
      expect(dump).not.toContain(secret);
    }
    // Each is still found by its value, with its id given back to the provider.
    for (const [index, kind] of kinds.entries()) {
      expect(await new OAuthRecordAdapter(kind).find(secrets[index])).toMatchObject({ jti: secrets[index] });
    }
    // A stored hash presented as the token finds nothing.
    const [row] = await db.oAuthRecord.findMany({ where: { kind: "AccessToken" }, select: { id: true } });
    expect(await new OAuthRecordAdapter("AccessToken").find(row.id)).toBeUndefined();
  });
});

describe("a used refresh token", () => {
  it("reads as unused for the retry window only, and codes never do", async () => {
    const refresh = new OAuthRecordAdapter("RefreshToken");
    const codes = new OAuthRecordAdapter("AuthorizationCode");
    await refresh.upsert("refresh-1", { jti: "refresh-1", grantId: "g" }, 600);
    await codes.upsert("code-9", { jti: "code-9", grantId: "g" }, 600);
    await refresh.consume("refresh-1");
    await codes.consume("code-9");
    expect((await refresh.find("refresh-1"))?.consumed).toBeUndefined();
    expect((await codes.find("code-9"))?.consumed).toBeGreaterThan(0);

    // A retry does not move the first use forward; once it is older than the window, reuse shows.
    const firstUse = new Date(Date.now() - (REFRESH_TOKEN_RETRY_SECONDS + 1) * 1000);
    await db.oAuthRecord.updateMany({ where: { kind: "RefreshToken" }, data: { consumedAt: firstUse } });
    await refresh.consume("refresh-1");
    expect((await refresh.find("refresh-1"))?.consumed).toBe(Math.floor(firstUse.getTime() / 1000));
  });
});

describe("signing keys", () => {
  it("are made once, kept sealed, and rotate with the previous ones still published", async () => {
    const first = await signingKeys();
    expect(first).toHaveLength(1);
    expect(await signingKeys()).toEqual(first);
    const stored = await db.setting.findUniqueOrThrow({ where: { key: "oauth.signing-keys" } });
    // Sealed: the private exponent is not in the database as text.
    expect(stored.value).not.toContain(first[0].d as string);

    const { kid, published } = await rotateSigningKeys();
    const after = await signingKeys();
    expect(published).toBe(2);
    expect(after[0].kid).toBe(kid);
    expect(after[1].kid).toBe(first[0].kid);
  });
});

describe("a key rotation while instances run", () => {
  const publishedKids = async () => {
    const provider = await oauthProvider();
    const response = await callNodeHandler(
      provider.callback() as never,
      new Request(`${issuer()}/jwks`),
      new Uint8Array(),
      OAUTH_MOUNT_PATH,
    );
    const { keys } = (await response.json()) as { keys: Array<{ kid: string }> };
    return keys.map((key) => key.kid);
  };

  it("is picked up within a minute, without a restart", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const before = await publishedKids();
      const { kid } = await rotateSigningKeys();
      // Within the minute the instance keeps what it has (no database read per request)...
      vi.setSystemTime(Date.now() + 30_000);
      expect(await publishedKids()).toEqual(before);
      // ...after it, the new key is published first (the one that signs) and the old ones stay.
      vi.setSystemTime(Date.now() + 31_000);
      const after = await publishedKids();
      expect(after[0]).toBe(kid);
      expect(after).toEqual(expect.arrayContaining(before));
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("a device that polls (RFC 8628 §3.5)", () => {
  const form = (fields: Record<string, string>) =>
    new Request(`${issuer()}/${fields.path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(Object.fromEntries(Object.entries(fields).filter(([name]) => name !== "path"))),
    });
  const call = async (fields: Record<string, string>) => {
    const request = form(fields);
    const body = new Uint8Array(await request.clone().arrayBuffer());
    const provider = await oauthProvider();
    return callNodeHandler(provider.callback() as never, request, body, OAUTH_MOUNT_PATH);
  };

  it("is told authorization_pending while nobody answered, then expired_token once the code's time is up", async () => {
    const app = await registerApp(await owner(), {
      name: "TV",
      homepageUrl: "",
      privacyUrl: "",
      termsUrl: "",
      logoUrl: "",
      redirectUris: ["http://localhost:4000/callback"],
      kind: "public",
      scopes: ["articles:read"],
      dpopBoundAccessTokens: false,
    });
    if (!app.ok) throw new Error("not registered");
    const started = (await (await call({ path: "device/auth", client_id: app.appId, scope: "openid" })).json()) as {
      device_code: string;
      expires_in: number;
    };
    const poll = async () =>
      (await (
        await call({
          path: "token",
          client_id: app.appId,
          grant_type: "urn:ietf:params:oauth:grant-type:device_code",
          device_code: started.device_code,
        })
      ).json()) as { error?: string };
    expect((await poll()).error).toBe("authorization_pending");
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + (started.expires_in + 1) * 1000);
      expect((await poll()).error).toBe("expired_token");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("a grant's refresh tokens", () => {
  it("have at most one that works per chain: a rotation marks the chain's others used long ago; other chains stay", async () => {
    const refresh = new OAuthRecordAdapter("RefreshToken");
    const chainA = { grantId: "fork", iiat: 1000 };
    const chainB = { grantId: "fork", iiat: 2000 };
    await refresh.upsert("chain-a-1", { jti: "chain-a-1", ...chainA }, 600);
    // Another device approved from the same browser: a second chain in the same grant.
    await refresh.upsert("chain-b-1", { jti: "chain-b-1", ...chainB }, 600);
    // The app refreshes (a rotation issues chain-a-2); the thief replays chain-a-1 in the window.
    await refresh.consume("chain-a-1");
    await refresh.upsert("chain-a-2", { jti: "chain-a-2", ...chainA, rotations: 1 }, 600);
    await refresh.upsert("chain-a-3", { jti: "chain-a-3", ...chainA, rotations: 1 }, 600);
    expect((await refresh.find("chain-a-3"))?.consumed).toBeUndefined();
    // The displaced token reads as used long ago: presenting it is a reuse, which revokes the grant.
    const displaced = (await refresh.find("chain-a-2"))?.consumed as number;
    expect(displaced).toBeLessThan(Date.now() / 1000 - REFRESH_TOKEN_RETRY_SECONDS);
    // The one replayed is still in its window (a retry), as before; the other chain is untouched.
    expect((await refresh.find("chain-a-1"))?.consumed).toBeUndefined();
    expect((await refresh.find("chain-b-1"))?.consumed).toBeUndefined();
  });

  it("rotated at the same moment twice, keep one that works", async () => {
    const refresh = new OAuthRecordAdapter("RefreshToken");
    const chain = { grantId: "race", iiat: 3000 };
    await refresh.upsert("race-1", { jti: "race-1", ...chain }, 600);
    await refresh.consume("race-1");
    await Promise.all(
      ["race-2", "race-3", "race-4"].map((id) => refresh.upsert(id, { jti: id, ...chain, rotations: 1 }, 600)),
    );
    const live = [];
    for (const id of ["race-2", "race-3", "race-4"])
      if ((await refresh.find(id))?.consumed === undefined) live.push(id);
    expect(live).toHaveLength(1);
  });
});

describe("an app an admin approved", () => {
  const details = (name: string, scopes: string[] = ["articles:read"]) => ({
    name,
    homepageUrl: "",
    privacyUrl: "",
    termsUrl: "",
    logoUrl: "",
    redirectUris: ["https://app.example/callback"],
    scopes: scopes as never,
    dpopBoundAccessTokens: false,
  });

  it("loses the approval when its owner changes what people see of it or what it may reach", async () => {
    const person = await owner();
    const app = await registerApp(person, { ...details("Approved"), kind: "confidential" });
    if (!app.ok) throw new Error("not registered");
    const approve = () =>
      db.oAuthApp.update({ where: { id: app.appId }, data: { firstParty: true, serviceRole: "editor" } });
    const approval = async () =>
      db.oAuthApp.findUniqueOrThrow({ where: { id: app.appId }, select: { firstParty: true, serviceRole: true } });
    await approve();
    // A new homepage changes neither who the app says it is nor what it may reach.
    expect(await updateApp(person, app.appId, { ...details("Approved"), homepageUrl: "https://x.example" })).toEqual({
      ok: true,
      approvalCleared: false,
      review: "approved",
    });
    expect(await approval()).toEqual({ firstParty: true, serviceRole: "editor" });
    for (const change of [
      details("Gatehouse"),
      { ...details("Approved"), logoUrl: "https://evil.example/logo.png" },
      { ...details("Approved"), redirectUris: ["https://evil.example/callback"] },
      details("Approved", ["articles:read", "articles:delete"]),
    ]) {
      await updateApp(person, app.appId, details("Approved"));
      await approve();
      await new OAuthRecordAdapter("ClientCredentials").upsert(
        `service-${change.name}-${Math.random()}`,
        { clientId: app.appId },
        600,
      );
      expect(await updateApp(person, app.appId, change)).toEqual({
        ok: true,
        approvalCleared: true,
        review: "approved",
      });
      expect(await approval()).toEqual({ firstParty: false, serviceRole: null });
      expect(await db.oAuthRecord.count({ where: { kind: "ClientCredentials", clientId: app.appId } })).toBe(0);
    }
    expect(await db.auditEvent.count({ where: { action: "app.approval_cleared", actorId: person.id } })).toBe(4);
  });

  it("gives an app a service role only for someone whose role may change roles: it gives the app a role", async () => {
    const person = await owner();
    const app = await registerApp(person, { ...details("Service"), kind: "confidential" });
    if (!app.ok) throw new Error("not registered");
    // As a role that manages apps but may not change roles would (no built-in role is one: issue 33).
    const appsOnly = { id: person.id, email: person.email, role: "editor" };
    const settings = { firstParty: false, serviceRole: "admin" as const, accessTokenSeconds: null };
    expect(await updateAppSettings(appsOnly, app.appId, settings)).toEqual({ ok: false, reason: "grants-role" });
    // Whoever gives it holds everything the role carries, as the database says inside the change.
    const roleHolder = { id: person.id, email: person.email, role: "admin" };
    expect(await updateAppSettings(roleHolder, app.appId, settings)).toMatchObject({
      ok: false,
      reason: "grants-role",
    });
    await db.user.update({ where: { id: person.id }, data: { role: "admin" } });
    expect(await updateAppSettings(roleHolder, app.appId, settings)).toMatchObject({ ok: true });
    await db.user.update({ where: { id: person.id }, data: { role: "user" } });
    // Keeping the role it has while changing something else needs no such power.
    expect(await updateAppSettings(appsOnly, app.appId, { ...settings, accessTokenSeconds: 600 })).toMatchObject({
      ok: true,
    });
  });
});
