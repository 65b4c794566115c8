import { describe, expect, it } from "vitest";
import { changeRole, endSessions, setDisabled } from "@/lib/people/commands";
import { verifyAuditChain } from "@/lib/audit/verify";
import type { CurrentPerson } from "@/lib/auth/session/current-person";
import { builtInCapabilities, type BuiltInRole } from "@/lib/auth/policy";
import { db } from "@/lib/db";

let counter = 0;
async function person(role: BuiltInRole, name: string = role): Promise<CurrentPerson> {
  counter += 1;
  const email = `${name}-${counter}@example.com`;
  const row = await db.user.create({ data: { email, role } });
  return {
    id: row.id,
    email,
    name: null,
    role,
    capabilities: builtInCapabilities(role),
    emailVerified: true,
    hasSecondFactor: false,
    secondFactorMissing: false,
    authenticatedAt: new Date(),
  };
}

async function activeAdmins() {
  return db.user.count({ where: { role: "admin", disabledAt: null } });
}

// Each test starts from a database with no admins but the ones it makes.
async function withoutOtherAdmins() {
  await db.user.updateMany({ where: { role: "admin" }, data: { role: "user" } });
}

describe("changing roles", () => {
  it("changes the role, keeps the session, and records who did it with before and after", async () => {
    const admin = await person("admin");
    const writer = await person("writer");
    const versionBefore = (await db.user.findUniqueOrThrow({ where: { id: writer.id } })).sessionVersion;

    expect(await changeRole(admin, writer.id, "user")).toMatchObject({ ok: true });
    const after = await db.user.findUniqueOrThrow({ where: { id: writer.id } });
    expect(after.role).toBe("user");
    expect(after.sessionVersion).toBe(versionBefore);

    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "user.role_changed", targetId: writer.id } });
    expect(event).toMatchObject({
      actorEmail: admin.email,
      targetEmail: writer.email,
      before: '{"role":"writer"}',
      after: '{"role":"user"}',
    });
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("refuses to demote the last active admin, even when they demote themself", async () => {
    await withoutOtherAdmins();
    const only = await person("admin", "only");
    const result = await changeRole(only, only.id, "editor");
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("last active admin") });
    expect((await db.user.findUniqueOrThrow({ where: { id: only.id } })).role).toBe("admin");
  });

  it("lets two admins race to demote each other and keeps exactly one", async () => {
    await withoutOtherAdmins();
    const first = await person("admin", "first");
    const second = await person("admin", "second");
    const results = await Promise.all([changeRole(first, second.id, "user"), changeRole(second, first.id, "user")]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    // The loser is refused as the last admin or, once demoted, as no longer holding what this takes.
    expect(results.filter((result) => !result.ok)[0]?.message).toMatch(
      /last active admin|holds what your role does not|no longer allows this/,
    );
    expect(await activeAdmins()).toBe(1);
  });

  it("reports a person who no longer exists", async () => {
    const admin = await person("admin");
    expect(await changeRole(admin, "no-such-person", "writer")).toEqual({
      ok: false,
      message: "That person no longer exists.",
    });
  });
});

describe("disabling and ending sessions", () => {
  it("disables a person, ends their sessions, and enables them again without reviving old sessions", async () => {
    const admin = await person("admin");
    const target = await person("writer");
    const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: target.id } });

    expect(await setDisabled(admin, target.id, true)).toMatchObject({ ok: true });
    const disabled = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(disabled.disabledAt).not.toBeNull();
    expect(disabled.sessionVersion).toBe(sessionVersion + 1);

    expect(await setDisabled(admin, target.id, false)).toMatchObject({ ok: true });
    const enabled = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(enabled.disabledAt).toBeNull();
    expect(enabled.sessionVersion).toBe(sessionVersion + 1);
    expect(
      await db.auditEvent.count({ where: { targetId: target.id, action: { in: ["user.disabled", "user.enabled"] } } }),
    ).toBe(2);
  });

  it("refuses to disable the last active admin", async () => {
    await withoutOtherAdmins();
    const only = await person("admin", "sole");
    expect(await setDisabled(only, only.id, true)).toMatchObject({ ok: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: only.id } })).disabledAt).toBeNull();
  });

  it("lets two admins race to disable each other and keeps exactly one active", async () => {
    await withoutOtherAdmins();
    const first = await person("admin", "racer");
    const second = await person("admin", "racer");
    const results = await Promise.all([setDisabled(first, second.id, true), setDisabled(second, first.id, true)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await activeAdmins()).toBe(1);
  });

  it("ends every session by moving the session version on", async () => {
    const admin = await person("admin");
    const target = await person("user");
    await endSessions(admin, target.id, { revokeTokens: false });
    await endSessions(admin, target.id, { revokeTokens: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).sessionVersion).toBe(3);
  });
});
