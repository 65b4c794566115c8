import { NextRequest } from "next/server";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it, vi } from "vitest";
import { GET as interactionRoute } from "@/app/(auth)/oauth/interaction/[uid]/route";
import { createArticleAction } from "@/lib/actions/articles";
import { registerWithPassword } from "@/lib/auth/credentials/verify";
import { authenticateAppToken } from "@/lib/auth/oauth-server/access-tokens";
import { INTERACTION_COOKIE, grantConsent } from "@/lib/auth/oauth-server/interaction";
import { oauthProvider } from "@/lib/auth/oauth-server/provider";
import { API_RESOURCE } from "@/lib/auth/oauth-server/resources";
import { confirmTotp, startTotpEnrolment } from "@/lib/auth/second-factor/factors";
import { passSecondStep } from "@/lib/auth/second-factor/sign-in";
import { startSecondStep } from "@/lib/auth/second-factor/challenge";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { db } from "@/lib/db";
import { idleFormState } from "@/lib/forms/form-state";
import middleware from "@/middleware";
import { revokeTokenAction } from "@/lib/actions/tokens";
import { createToken } from "@/lib/tokens/commands";
import { findTokenByHash } from "@/lib/tokens/queries";
import { hashToken } from "@/lib/tokens/secret";
import { CookieJar, signIn } from "./support/auth-client";
import { appOf, grantOf } from "./support/oauth";
import { browserWith, cookiesSet } from "./support/request-scope";

vi.mock("next/headers", () => import("./support/request-scope").then((scope) => scope.nextHeaders));
vi.mock("next/cache", () => import("./support/request-scope").then((scope) => scope.nextCache));

// The access core, fast: each rule a one-line slip could break (issue 29's mutation check) is asked
// here of the real code and the real database, as the browser's next request would ask it. Each test
// names the rule it keeps; the browser tests show the same rules end to end, but take minutes.

const PASSWORD = "violet-kettle-orbit-42";
let counter = 0;

async function signedIn(role: string) {
  const email = `core-${++counter}@example.test`;
  const created = await registerWithPassword({ email, password: PASSWORD });
  if (created === "exists") throw new Error("taken");
  await db.user.update({ where: { id: created.id }, data: { role, emailVerified: new Date() } });
  const jar = new CookieJar();
  await signIn(jar, email, PASSWORD, `198.51.100.${counter % 250}`);
  browserWith(jar.header());
  const person = await getCurrentPerson();
  if (!person) throw new Error("not signed in");
  return { ...person, jar };
}

const asForm = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
};

describe("a live session", () => {
  it("counts as signed out once its person is disabled, even with its row still live", async () => {
    const person = await signedIn("writer");
    await db.user.update({ where: { id: person.id }, data: { disabledAt: new Date() } });
    browserWith(person.jar.header());
    expect(await getCurrentPerson()).toBeNull();
  });

  it("counts as signed out once the session version moved on", async () => {
    const person = await signedIn("writer");
    await db.user.update({ where: { id: person.id }, data: { sessionVersion: { increment: 1 } } });
    browserWith(person.jar.header());
    expect(await getCurrentPerson()).toBeNull();
  });

  it("carries the role the database has now, not the one in its cookie", async () => {
    const person = await signedIn("writer");
    await db.user.update({ where: { id: person.id }, data: { role: "user" } });
    browserWith(person.jar.header());
    expect((await getCurrentPerson())?.role).toBe("user");
  });
});

describe("server actions", () => {
  it("refuse a role without the capability, and change nothing", async () => {
    const reader = await signedIn("user");
    const before = await db.article.count();
    const answer = await createArticleAction(idleFormState, asForm({ title: "Not mine to write", body: "No." }));
    expect(answer).toMatchObject({ status: "error", message: "Your role does not allow this." });
    expect(await db.article.count()).toBe(before);
    void reader;
  });

  it("cannot revoke another person's token", async () => {
    const owner = await signedIn("writer");
    const token = await createToken(owner, { name: "mine", scopes: ["articles:read"], expiresAt: null });
    if (!token.ok) throw new Error("no token");
    await signedIn("writer");
    const answer = await revokeTokenAction(idleFormState, asForm({ tokenId: token.row.id }));
    expect(answer).toMatchObject({ status: "error" });
    expect((await findTokenByHash(hashToken(token.token)))?.revokedAt).toBeNull();
  });
});

describe("the second step of a sign-in", () => {
  it("gives no session to a person disabled between the two steps", async () => {
    const email = `core-two-step-${++counter}@example.test`;
    const created = await registerWithPassword({ email, password: PASSWORD });
    if (created === "exists") throw new Error("taken");
    const secret = await startTotpEnrolment(created.id);
    const code = (offset: number) =>
      new TOTP({ secret: Secret.fromBase32(secret!) }).generate({ timestamp: Date.now() + offset * 30_000 });
    await confirmTotp(created.id, code(-1));
    browserWith("");
    await startSecondStep(created.id, "password");
    const challenge = [...cookiesSet()].map(([name, value]) => `${name}=${value}`).join("; ");
    await db.user.update({ where: { id: created.id }, data: { disabledAt: new Date() } });
    browserWith(challenge);
    expect(await passSecondStep({ code: code(0) }, new Headers({ cookie: challenge }))).toMatchObject({ ok: false });
  });
});

describe("apps", () => {
  it("a disabled app's token is refused at its next use", async () => {
    const owner = await signedIn("writer");
    const { appId } = await appOf(owner);
    const grant = await grantOf(owner, appId);
    expect((await authenticateAppToken(grant.accessToken)).ok).toBe(true);
    await db.oAuthApp.update({ where: { id: appId }, data: { disabledAt: new Date() } });
    expect(await authenticateAppToken(grant.accessToken)).toEqual({ ok: false, reason: "disabled-app" });
  });

  /** An authorization request waiting for the person's consent, as the provider leaves it. */
  async function pendingConsent(person: { id: string }, appId: string, scope: string) {
    const provider = await oauthProvider();
    const uid = `consent-${++counter}`;
    const Interaction = provider.Interaction as unknown as new (
      id: string,
      payload: object,
    ) => InstanceType<typeof provider.Interaction>;
    const interaction = new Interaction(uid, {
      returnTo: `/api/oauth/auth/${uid}`,
      prompt: { name: "consent", reasons: ["op_scopes_missing"], details: {} },
      params: { client_id: appId, scope, redirect_uri: "https://app.example/callback" },
      session: { accountId: person.id, uid: `session-${uid}`, cookie: `cookie-${uid}` },
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    await interaction.save(600);
    return { uid, find: () => provider.Interaction.find(uid) };
  }

  it("get only the scopes the person left ticked", async () => {
    const person = await signedIn("writer");
    const { appId } = await appOf(person, { scopes: ["articles:read", "articles:write"] });
    const pending = await pendingConsent(person, appId, "openid articles:read articles:write");
    const interaction = (await pending.find())!;
    await grantConsent(
      interaction,
      person,
      ["openid", "articles:read", "articles:write"],
      new Set(["articles:read"]),
      "App",
    );
    const grantId = (await pending.find())!.result!.consent!.grantId!;
    const grant = (await (await oauthProvider()).Grant.find(grantId))!;
    expect(grant.getResourceScope(API_RESOURCE())).toBe("articles:read");
  });

  it("ask for consent unless an admin made the app first-party", async () => {
    const person = await signedIn("writer");
    const { appId } = await appOf(person);
    const ask = async () => {
      const pending = await pendingConsent(person, appId, "openid articles:read");
      const request = new NextRequest(`http://localhost:3000/oauth/interaction/${pending.uid}`, {
        headers: { cookie: `${person.jar.header()}; ${INTERACTION_COOKIE}=${pending.uid}` },
      });
      const answer = await interactionRoute(request, { params: Promise.resolve({ uid: pending.uid }) });
      return { location: answer.headers.get("location") ?? "", granted: Boolean((await pending.find())?.result) };
    };
    const thirdParty = await ask();
    expect(thirdParty.location).toMatch(/\/oauth\/interaction\/consent-\d+\/consent$/);
    expect(thirdParty.granted).toBe(false);
    await db.oAuthApp.update({ where: { id: appId }, data: { firstParty: true } });
    const firstParty = await ask();
    expect(firstParty.location).toMatch(/\/api\/oauth\/auth\/consent-\d+$/);
    expect(firstParty.granted).toBe(true);
  });
});

describe("the edge gate", () => {
  it("refuses a cross-site post to a page before any action runs", async () => {
    for (const headers of [
      { origin: "https://evil.example" } as Record<string, string>,
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
    ]) {
      const answer = await middleware(
        new NextRequest("http://localhost:3000/dashboard/articles/new", {
          method: "POST",
          headers: { ...headers, "next-action": "0".repeat(42), "content-type": "text/plain" },
          body: "[]",
        }),
      );
      expect(answer.status).toBe(403);
    }
  });
});
