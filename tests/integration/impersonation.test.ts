import { describe, expect, it, vi } from "vitest";
import { GET as exportAudit } from "@/app/(app)/admin/audit/export/route";
import { createArticleAction } from "@/lib/actions/articles";
import { createTokenAction } from "@/lib/actions/tokens";
import { registerWithPassword } from "@/lib/auth/credentials/verify";
import { READ_ONLY_WHILE_VIEWING_AS, mayGiveAppsAccess } from "@/lib/auth/policy";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { sessionToken } from "@/lib/auth/session/current-session";
import { db } from "@/lib/db";
import { idleFormState } from "@/lib/forms/form-state";
import { endViewing, startViewing } from "@/lib/impersonation/commands";
import { endSession } from "@/lib/auth/session/live-session";
import { NextRequest } from "next/server";
import { CookieJar, signIn } from "./support/auth-client";
import { browserWith } from "./support/request-scope";

vi.mock("next/headers", () => import("./support/request-scope").then((scope) => scope.nextHeaders));
vi.mock("next/cache", () => import("./support/request-scope").then((scope) => scope.nextCache));

// "View as", in process: read-only whatever is tried, never of someone holding more, ended by its
// clock or by a change that makes it no longer allowed, and in the audit log under both names.

const PASSWORD = "violet-kettle-orbit-42";
let counter = 0;

async function signedIn(role: string) {
  const email = `view-${++counter}@example.test`;
  const created = await registerWithPassword({ email, password: PASSWORD });
  if (created === "exists") throw new Error("taken");
  await db.user.update({ where: { id: created.id }, data: { role, emailVerified: new Date() } });
  const jar = new CookieJar();
  await signIn(jar, email, PASSWORD, `198.51.100.${(counter % 200) + 20}`);
  browserWith(jar.header());
  const person = await getCurrentPerson();
  const sid = (await sessionToken())?.sid;
  if (!person || typeof sid !== "string") throw new Error("not signed in");
  return { ...person, sid, jar };
}

async function person(role: string) {
  const email = `viewed-${++counter}@example.test`;
  return db.user.create({ data: { email, role, emailVerified: new Date() }, select: { id: true, email: true } });
}

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

describe("viewing as someone", () => {
  it("ends with the session it was started from, recorded as such", async () => {
    const admin = await signedIn("admin");
    const user = await person("user");
    await startViewing(admin, admin.sid, user.id, "Showing them their settings");
    await endSession(admin.sid);
    expect(await db.impersonation.count({ where: { sid: admin.sid, endedAt: null } })).toBe(0);
    const ended = await db.auditEvent.findFirstOrThrow({ where: { action: "impersonation.ended", actorId: admin.id } });
    expect(JSON.parse(ended.after!)).toMatchObject({ why: "session-ended" });
  });

  it("shows Gatehouse as them, refuses every change, and records both names", async () => {
    await db.setting.deleteMany({ where: { key: "second-factor.required-roles" } });
    await db.setting.create({ data: { key: "second-factor.required-roles", value: "[]" } });
    const admin = await signedIn("admin");
    const writer = await person("writer");
    expect(await startViewing(admin, admin.sid, writer.id, "They cannot find the editor")).toEqual({
      ok: true,
      targetId: writer.id,
    });
    browserWith(admin.jar.header());
    const seen = await getCurrentPerson();
    expect(seen).toMatchObject({ id: writer.id, role: "writer", viewer: { id: admin.id } });
    expect(mayGiveAppsAccess(seen, { requireVerifiedEmail: false })).toBe(false);

    // Actions: refused, nothing written, the refusal recorded under both names.
    const article = await createArticleAction(idleFormState, form({ title: "As them", body: "No" }));
    expect(article).toMatchObject({ status: "error", message: READ_ONLY_WHILE_VIEWING_AS });
    const token = await createTokenAction(
      idleFormState,
      form({ name: "stolen", expiresIn: "30", scopes: "articles:read" }),
    );
    expect(token).toMatchObject({ status: "error", message: READ_ONLY_WHILE_VIEWING_AS });
    expect(await db.article.count({ where: { title: "As them" } })).toBe(0);
    expect(await db.apiToken.count({ where: { userId: writer.id } })).toBe(0);
    const refusals = await db.auditEvent.findMany({
      where: { action: "impersonation.refused", actorId: admin.id, targetId: writer.id },
    });
    expect(refusals).toHaveLength(2);
    expect(JSON.parse(refusals[0].after!)).toMatchObject({ reason: "They cannot find the editor" });
    // A page request is recorded as viewed.
    expect(
      await db.auditEvent.count({ where: { action: "impersonation.viewed", actorId: admin.id, targetId: writer.id } }),
    ).toBeGreaterThan(0);

    // A route a browser's cookie reaches: refused too, whatever the viewer could do themself.
    const exported = await exportAudit(new NextRequest("http://localhost:3000/admin/audit/export"));
    expect(exported.status).toBe(403);

    // The person viewed got a mail.
    await vi.waitFor(async () =>
      expect(
        await db.outboxMail.count({ where: { to: writer.email, subject: { contains: "viewing Gatehouse as you" } } }),
      ).toBe(1),
    );

    // Stopped: the viewer is themself again.
    expect(await endViewing(seen!.viewer!.viewing, admin, "stopped")).toBe(true);
    browserWith(admin.jar.header());
    const after = await getCurrentPerson();
    expect(after?.id).toBe(admin.id);
    expect(after?.viewer).toBeUndefined();
    expect(await db.auditEvent.count({ where: { action: "impersonation.ended", actorId: admin.id } })).toBe(1);
  });

  it("ends when its time is up, and when the person viewed comes to hold more", async () => {
    const admin = await signedIn("admin");
    const user = await person("user");
    await startViewing(admin, admin.sid, user.id, "Checking what they see");
    await db.impersonation.updateMany({ where: { sid: admin.sid }, data: { endsAt: new Date(Date.now() - 1000) } });
    browserWith(admin.jar.header());
    expect((await getCurrentPerson())?.id).toBe(admin.id);
    const timeUp = await db.auditEvent.findFirstOrThrow({
      where: { action: "impersonation.ended", actorId: admin.id },
    });
    expect(JSON.parse(timeUp.after!)).toMatchObject({ why: "time-up" });

    const helperRole = `helper-${counter}`;
    await db.role.create({
      data: { name: helperRole, label: helperRole, description: "", capabilities: "impersonate manage-access" },
    });
    const helper = await signedIn(helperRole);
    const other = await person("user");
    expect(await startViewing(helper, helper.sid, other.id, "Walking them through it")).toMatchObject({ ok: true });
    await db.user.update({ where: { id: other.id }, data: { role: "editor" } });
    browserWith(helper.jar.header());
    expect((await getCurrentPerson())?.id).toBe(helper.id);
    const ended = await db.auditEvent.findFirstOrThrow({
      where: { action: "impersonation.ended", actorId: helper.id },
    });
    expect(JSON.parse(ended.after!)).toMatchObject({ why: "no-longer-allowed" });
  });

  it("is never of someone holding more, of oneself, or of a disabled person, nor by a role without the capability", async () => {
    const helperRole = `helper-${++counter}`;
    await db.role.create({
      data: { name: helperRole, label: helperRole, description: "", capabilities: "impersonate manage-access" },
    });
    const helper = await signedIn(helperRole);
    const admin = await person("admin");
    const refused = await startViewing(helper, helper.sid, admin.id, "I want to see the admin panel");
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining("nobody views as someone with more") });
    expect(await startViewing(helper, helper.sid, helper.id, "Looking at myself")).toMatchObject({ ok: false });
    const gone = await person("user");
    await db.user.update({ where: { id: gone.id }, data: { disabledAt: new Date() } });
    expect(await startViewing(helper, helper.sid, gone.id, "They left last week")).toMatchObject({ ok: false });
    const editor = await signedIn("editor");
    const user = await person("user");
    expect(await startViewing(editor, editor.sid, user.id, "Not mine to do")).toMatchObject({ ok: false });
    expect(await db.impersonation.count({ where: { actorId: { in: [helper.id, editor.id] } } })).toBe(0);
  });
});
