import { afterEach, describe, expect, it } from "vitest";
import type { BuiltInRole } from "@/lib/auth/policy";
import { registerApp, reviewApp, updateApp, type AppDetails } from "@/lib/auth/oauth-server/apps/commands";
import { clientMetadataFor } from "@/lib/auth/oauth-server/apps/queries";
import { authenticateAppToken } from "@/lib/auth/oauth-server/access-tokens";
import { db } from "@/lib/db";
import { setAppReviewRules } from "@/lib/settings/queries";

const setAppsHeldForReview = (peopleHeld: boolean) => setAppReviewRules({ peopleHeld, unknownApps: "off" });
import { grantOf } from "./support/oauth";

// Issue 32 item 4: while Admin → Security holds new apps, an app someone registers waits for an
// admin's approval and the OAuth server does not know it (no sign-in, no token); an owner's change
// to what was approved sends it back; a refusal stands until an admin approves.

let counter = 0;
async function person(role: BuiltInRole) {
  counter += 1;
  const row = await db.user.create({
    data: { email: `review-${role}-${counter}@example.com`, role, emailVerified: new Date() },
    select: { id: true, email: true, role: true },
  });
  return row;
}

const details = (extra: Partial<AppDetails> = {}): AppDetails & { kind: "public" } => ({
  name: "Reviewed app",
  homepageUrl: "",
  privacyUrl: "",
  termsUrl: "",
  logoUrl: "",
  redirectUris: ["https://reviewed.example/callback"],
  scopes: ["articles:read"],
  dpopBoundAccessTokens: false,
  kind: "public",
  ...extra,
});

async function registered(owner: Awaited<ReturnType<typeof person>>, extra: Partial<AppDetails> = {}) {
  const outcome = await registerApp(owner, details(extra));
  if (!outcome.ok) throw new Error("not registered");
  return outcome;
}

const versionOf = async (appId: string) =>
  (await db.oAuthApp.findUniqueOrThrow({ where: { id: appId }, select: { updatedAt: true } })).updatedAt.getTime();

afterEach(() => setAppsHeldForReview(false));

describe("apps held for an admin's review", () => {
  it("works at once while nothing is held", async () => {
    const app = await registered(await person("writer"));
    expect(app.review).toBe("approved");
    expect(await clientMetadataFor(app.appId)).toBeDefined();
  });

  it("keeps a person's new app from the OAuth server until an admin approves it; an admin's own is approved", async () => {
    await setAppsHeldForReview(true);
    const owner = await person("writer");
    const admin = await person("admin");
    const app = await registered(owner);
    expect(app.review).toBe("pending");
    expect(await clientMetadataFor(app.appId)).toBeUndefined();
    expect((await registered(admin)).review).toBe("approved");

    // A verdict is on the app as the admin saw it: changed since, nothing is decided.
    expect(await reviewApp(admin, app.appId, "approved", (await versionOf(app.appId)) - 1)).toEqual({
      ok: false,
      reason: "changed",
    });
    expect(await reviewApp(admin, app.appId, "approved", await versionOf(app.appId))).toEqual({
      ok: true,
      name: "Reviewed app",
    });
    expect(await clientMetadataFor(app.appId)).toBeDefined();
    const entry = await db.auditEvent.findFirst({ where: { action: "app.approved", targetId: owner.id } });
    expect(entry?.actorId).toBe(admin.id);
  });

  it("sends an approved app back for review when its owner changes where it sends people; its tokens stop", async () => {
    await setAppsHeldForReview(true);
    const owner = await person("writer");
    const admin = await person("admin");
    const app = await registered(owner);
    await reviewApp(admin, app.appId, "approved", await versionOf(app.appId));
    const { accessToken } = await grantOf(owner, app.appId);
    expect((await authenticateAppToken(accessToken)).ok).toBe(true);

    // Its homepage is not what an admin reviews: no new review.
    const homepage = await updateApp(owner, app.appId, details({ homepageUrl: "https://reviewed.example" }));
    expect(homepage).toMatchObject({ ok: true, review: "approved" });
    const moved = await updateApp(owner, app.appId, details({ redirectUris: ["https://elsewhere.example/cb"] }));
    expect(moved).toMatchObject({ ok: true, review: "pending" });
    expect(await clientMetadataFor(app.appId)).toBeUndefined();
    expect(await authenticateAppToken(accessToken)).toEqual({ ok: false, reason: "disabled-app" });
  });

  it("keeps a waiting app waiting when holding is switched off: only an admin approves it", async () => {
    await setAppsHeldForReview(true);
    const app = await registered(await person("writer"));
    await setAppsHeldForReview(false);
    const owner = await db.user.findFirstOrThrow({
      where: { oauthApps: { some: { id: app.appId } } },
      select: { id: true, email: true, role: true },
    });
    expect(await updateApp(owner, app.appId, details({ name: "Quietly" }))).toMatchObject({ review: "pending" });
    expect(await clientMetadataFor(app.appId)).toBeUndefined();
  });

  it("keeps a refusal until an admin approves; while apps are held, a change asks again", async () => {
    await setAppsHeldForReview(true);
    const owner = await person("writer");
    const admin = await person("admin");
    const app = await registered(owner);
    await reviewApp(admin, app.appId, "refused", await versionOf(app.appId));
    await setAppsHeldForReview(false);
    const changed = await updateApp(owner, app.appId, details({ name: "Renamed" }));
    expect(changed).toMatchObject({ ok: true, review: "refused" });
    expect(await clientMetadataFor(app.appId)).toBeUndefined();
    await setAppsHeldForReview(true);
    expect(await updateApp(owner, app.appId, details({ name: "Renamed again" }))).toMatchObject({ review: "pending" });
  });
});
