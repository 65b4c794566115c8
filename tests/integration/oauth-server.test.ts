import { describe, expect, it } from "vitest";
import { registerWithPassword } from "@/lib/auth/credentials/verify";
import { OAuthRecordAdapter } from "@/lib/auth/oauth-server/adapter";
import { createAppSecret, deleteAppSecret, registerApp } from "@/lib/auth/oauth-server/apps/commands";
import { clientMetadataFor, verifyClientSecret } from "@/lib/auth/oauth-server/apps/queries";
import { rotateSigningKeys, signingKeys } from "@/lib/auth/oauth-server/signing-keys";
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
      redirectUris: ["https://app.example/callback"],
      kind: "confidential",
      scopes: ["articles:read"],
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
      redirectUris: ["https://app.example/callback"],
      kind: "confidential",
      scopes: ["articles:read"],
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
      redirectUris: ["http://localhost:4000/callback"],
      kind: "public",
      scopes: ["articles:read"],
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
    await sessions.upsert("session-1", { uid: "uid-1", accountId: "a" }, 60);
    await codes.upsert("expired", { grantId: "grant-1" }, -1);

    expect(await codes.find("code-1")).toMatchObject({ grantId: "grant-1" });
    expect(await sessions.findByUid("uid-1")).toMatchObject({ accountId: "a" });
    expect(await codes.find("expired")).toBeUndefined();
    // Kinds do not mix.
    expect(await sessions.find("code-1")).toBeUndefined();

    await codes.consume("code-1");
    expect((await codes.find("code-1"))?.consumed).toBeGreaterThan(0);

    await codes.revokeByGrantId("grant-1");
    expect(await codes.find("code-1")).toBeUndefined();
    expect(await codes.find("code-2")).toBeDefined();
    await codes.destroy("code-2");
    expect(await codes.find("code-2")).toBeUndefined();
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
