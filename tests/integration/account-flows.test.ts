import { describe, expect, it, vi } from "vitest";
import { changePassword } from "@/lib/auth/credentials/change";
import { registerWithPassword, verifyCredentials } from "@/lib/auth/credentials/verify";
import { requestPasswordReset, resetPassword, sendResetLink } from "@/lib/auth/credentials/recovery";
import { confirmEmailChange, requestEmailChange, undoEmailChange } from "@/lib/auth/email/change";
import { consumeEmailLink, createEmailLink, peekEmailLink } from "@/lib/auth/email/links";
import { confirmEmail, sendVerification } from "@/lib/auth/email/verification";
import { recordSession } from "@/lib/auth/session/live-session";
import { db } from "@/lib/db";
import { deleteAccount } from "@/lib/people/account";

// The account flows of issue 16 against a real database, with mail kept in the dev outbox (no
// SMTP_URL here): what each step changes, and what a used, expired or stale link does not.

const PASSWORD = "violet-kettle-orbit-42";
const NEW_PASSWORD = "amber-lantern-quartz-77";
let counter = 0;

async function person(label: string, extra: { role?: string } = {}) {
  const email = `${label}-${++counter}@example.test`;
  const created = await registerWithPassword({ email, password: PASSWORD });
  if (created === "exists") throw new Error("taken");
  if (extra.role) await db.user.update({ where: { id: created.id }, data: { role: extra.role } });
  const row = await db.user.findUniqueOrThrow({ where: { id: created.id } });
  return { id: row.id, email: row.email, name: row.name, authenticatedAt: new Date() };
}

/** The token in the newest outbox mail to `to` whose subject starts with `subject`, waiting for it to arrive. */
async function tokenMailedTo(to: string, subject: string): Promise<string> {
  let text = "";
  await vi.waitFor(
    async () => {
      const mail = await db.outboxMail.findFirst({
        where: { to, subject: { startsWith: subject } },
        orderBy: { createdAt: "desc" },
      });
      if (!mail) throw new Error(`no "${subject}" mail to ${to} yet`);
      text = mail.text;
    },
    { timeout: 5000, interval: 50 },
  );
  return new URL(text.match(/https?:\/\/\S+/)![0]).searchParams.get("token")!;
}

describe("links sent by mail", () => {
  it("leave exactly one usable link when many are asked for at once", async () => {
    const someone = await person("burst");
    const links = await Promise.all(
      Array.from({ length: 8 }, () =>
        createEmailLink({ personId: someone.id, purpose: "reset-password", email: someone.email }),
      ),
    );
    const usable = await Promise.all(links.map((link) => peekEmailLink(link.token, "reset-password")));
    expect(usable.filter((state) => typeof state !== "string")).toHaveLength(1);
  });

  it("store only a hash, work once, and die when a newer one is sent or their time is up", async () => {
    const someone = await person("links");
    const first = await createEmailLink({ personId: someone.id, purpose: "verify-email", email: someone.email });
    const rows = await db.emailLink.findMany({ where: { userId: someone.id } });
    expect(JSON.stringify(rows)).not.toContain(first.token);

    const second = await createEmailLink({ personId: someone.id, purpose: "verify-email", email: someone.email });
    expect(await consumeEmailLink(first.token, "verify-email")).toBe("used");
    expect(await consumeEmailLink(second.token, "reset-password")).toBe("invalid");
    expect(await consumeEmailLink(second.token, "verify-email")).toMatchObject({ personId: someone.id });
    expect(await consumeEmailLink(second.token, "verify-email")).toBe("used");

    const third = await createEmailLink({ personId: someone.id, purpose: "reset-password", email: someone.email });
    vi.useFakeTimers({ now: Date.now() + 31 * 60_000, toFake: ["Date"] });
    try {
      expect(await consumeEmailLink(third.token, "reset-password")).toBe("expired");
    } finally {
      vi.useRealTimers();
    }
    for (const junk of [undefined, "", "x".repeat(43), `${third.token}=`, third.token.toUpperCase()])
      expect(await consumeEmailLink(junk, "reset-password")).not.toMatchObject({ personId: someone.id });
  });

  it("of two uses at the same moment, exactly one succeeds", async () => {
    const someone = await person("race");
    const link = await createEmailLink({ personId: someone.id, purpose: "verify-email", email: someone.email });
    const results = await Promise.all(Array.from({ length: 8 }, () => confirmEmail(link.token, null)));
    expect(results.filter((result) => typeof result !== "string")).toHaveLength(1);
  });
});

describe("confirming an address", () => {
  it("marks the person confirmed and records it; a link for an address they no longer have does nothing", async () => {
    const someone = await person("verify");
    expect(await sendVerification(someone)).toBe(true);
    const token = await tokenMailedTo(someone.email, "Confirm your email address");
    expect(await confirmEmail(token, "someone-else-id")).toBe("someone-else");
    expect(await confirmEmail(token, null)).toEqual({ email: someone.email });
    expect((await db.user.findUniqueOrThrow({ where: { id: someone.id } })).emailVerified).not.toBeNull();
    expect(await db.auditEvent.count({ where: { action: "email.verified", targetId: someone.id } })).toBe(1);

    const other = await person("stale-verify");
    const stale = await createEmailLink({ personId: other.id, purpose: "verify-email", email: "old@example.test" });
    expect(await confirmEmail(stale.token, null)).toBe("invalid");
    expect((await db.user.findUniqueOrThrow({ where: { id: other.id } })).emailVerified).toBeNull();
  });
});

describe("forgotten passwords", () => {
  it("mails a link to a registered address only, and the link sets the password and ends every session", async () => {
    const someone = await person("reset");
    await requestPasswordReset(someone.email);
    await requestPasswordReset("nobody-at-all@example.test");
    const token = await tokenMailedTo(someone.email, "Reset your password");
    expect(await db.outboxMail.count({ where: { to: "nobody-at-all@example.test" } })).toBe(0);

    const before = await db.user.findUniqueOrThrow({ where: { id: someone.id } });
    expect(await resetPassword(token, NEW_PASSWORD, { revokeApiAccess: true })).toEqual({ email: someone.email });
    const after = await db.user.findUniqueOrThrow({ where: { id: someone.id } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.emailVerified).not.toBeNull();
    expect(await verifyCredentials({ email: someone.email, password: NEW_PASSWORD })).not.toBeNull();
    expect(await verifyCredentials({ email: someone.email, password: PASSWORD })).toBeNull();
    expect(await resetPassword(token, "yet-another-long-password", { revokeApiAccess: true })).toBe("used");
  });

  it("does nothing for a disabled account", async () => {
    const someone = await person("reset-disabled");
    await sendResetLink(someone);
    const token = await tokenMailedTo(someone.email, "Reset your password");
    await db.user.update({ where: { id: someone.id }, data: { disabledAt: new Date() } });
    expect(await resetPassword(token, NEW_PASSWORD, { revokeApiAccess: true })).toBe("invalid");
    expect(await verifyCredentials({ email: someone.email, password: NEW_PASSWORD })).toBeNull();
  });
});

describe("changing the password", () => {
  it("needs the current one, and ends the other sessions when asked", async () => {
    const someone = await person("change");
    await recordSession(crypto.randomUUID(), someone.id);
    await recordSession(crypto.randomUUID(), someone.id);
    expect(
      await changePassword(someone, {
        currentPassword: "not-the-password",
        password: NEW_PASSWORD,
        signOutOthers: true,
        revokeApiAccess: false,
      }),
    ).toMatchObject({ ok: false, field: "currentPassword" });
    expect(
      await changePassword(someone, {
        currentPassword: PASSWORD,
        password: NEW_PASSWORD,
        signOutOthers: true,
        revokeApiAccess: false,
      }),
    ).toEqual({ ok: true, ended: { sessions: 2, tokens: 0, grants: 0 } });
    expect(await db.signedInSession.count({ where: { userId: someone.id, endedAt: null } })).toBe(0);
    expect(await verifyCredentials({ email: someone.email, password: NEW_PASSWORD })).not.toBeNull();
  });
});

describe("changing the address", () => {
  it("waits for the new address's link, tells the old one, and can be undone from it", async () => {
    const someone = await person("mover");
    const newEmail = `moved-${counter}@example.test`;
    expect(await requestEmailChange(someone, newEmail, PASSWORD)).toEqual({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: someone.id } })).email).toBe(someone.email);
    const confirm = await tokenMailedTo(newEmail, "Confirm your new email address");
    expect(await confirmEmailChange(confirm, null)).toEqual({ email: newEmail });
    const moved = await db.user.findUniqueOrThrow({ where: { id: someone.id } });
    expect(moved.email).toBe(newEmail);

    const undo = await tokenMailedTo(someone.email, "Your email address was changed");
    expect(await undoEmailChange(undo)).toEqual({ email: someone.email });
    const back = await db.user.findUniqueOrThrow({ where: { id: someone.id } });
    expect(back.email).toBe(someone.email);
    expect(back.sessionVersion).toBe(moved.sessionVersion + 1);
    expect(await undoEmailChange(undo)).toBe("used");
  });

  it("answers a taken address like a free one, sends it nothing, and cannot be confirmed onto it", async () => {
    const someone = await person("greedy");
    const owner = await person("owner");
    expect(await requestEmailChange(someone, owner.email, PASSWORD)).toEqual({ ok: true });
    const link = await db.emailLink.findFirstOrThrow({ where: { userId: someone.id, purpose: "change-email" } });
    expect(link.email).toBe(owner.email);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await db.outboxMail.count({ where: { to: owner.email, subject: { startsWith: "Confirm your new" } } })).toBe(
      0,
    );
  });

  it("refuses without the current password", async () => {
    const someone = await person("no-proof");
    expect(await requestEmailChange(someone, "elsewhere@example.test", "wrong-password-here")).toMatchObject({
      ok: false,
    });
    expect(await db.emailLink.count({ where: { userId: someone.id, purpose: "change-email" } })).toBe(0);
  });
});

describe("deleting an account", () => {
  it("removes the person, their tokens, links and sessions; keeps their articles authorless and the audit log whole", async () => {
    const writer = await person("writer-leaving", { role: "writer" });
    const article = await db.article.create({ data: { title: "Stays", body: "Kept.", authorId: writer.id } });
    await db.apiToken.create({
      data: { userId: writer.id, name: "t", prefix: "gat_x", tokenHash: `h-${counter}`, scopes: "articles:read" },
    });
    await recordSession(crypto.randomUUID(), writer.id);
    const auditBefore = await db.auditEvent.count();

    expect(await deleteAccount(writer, "wrong-password-here")).toMatchObject({ ok: false });
    expect(await deleteAccount(writer, PASSWORD)).toEqual({ ok: true });
    expect(await db.user.findUnique({ where: { id: writer.id } })).toBeNull();
    expect(await db.apiToken.count({ where: { userId: writer.id } })).toBe(0);
    expect(await db.signedInSession.count({ where: { userId: writer.id } })).toBe(0);
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).authorId).toBeNull();
    expect(await db.auditEvent.count()).toBe(auditBefore + 1);
    expect(
      await db.auditEvent.findFirst({ where: { action: "account.deleted", actorEmail: writer.email } }),
    ).not.toBeNull();
  });

  it("refuses the last active admin", async () => {
    await db.user.updateMany({ where: { role: "admin" }, data: { role: "user" } });
    const admin = await person("last-admin", { role: "admin" });
    expect(await deleteAccount(admin, PASSWORD)).toMatchObject({
      ok: false,
      message: expect.stringContaining("last active admin"),
    });
    expect(await db.user.findUnique({ where: { id: admin.id } })).not.toBeNull();
  });
});
