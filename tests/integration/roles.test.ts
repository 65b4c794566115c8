import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authenticateAppToken } from "@/lib/auth/oauth-server/access-tokens";
import {
  builtInCapabilities,
  decide,
  parseSecondFactorChoices,
  secondFactorRequired,
  type BuiltInRole,
  type Capability,
} from "@/lib/auth/policy";
import { livePersonFor } from "@/lib/auth/session/live-session";
import type { CurrentPerson } from "@/lib/auth/session/current-person";
import { db } from "@/lib/db";
import { changeRole, endSessions, setDisabled } from "@/lib/people/commands";
import { createRole, deleteRole, updateRole } from "@/lib/roles/commands";
import { deleteArticle, updateArticle } from "@/lib/articles/commands";
import { findRole, listRoles } from "@/lib/roles/queries";
import { setSecondFactorRequirements } from "@/lib/settings/commands";
import { SECOND_FACTOR_ROLES_SETTING } from "@/lib/settings/queries";
import { createToken } from "@/lib/tokens/commands";
import { findTokenByHash } from "@/lib/tokens/queries";
import { hashToken } from "@/lib/tokens/secret";
import { appOf, grantOf, serviceTokenOf } from "./support/oauth";

// Roles as data (lib/roles): what a custom role carries binds at its holders' next request, on
// every path that reads a person (the session, personal tokens, apps' tokens); nobody hands on a
// capability they do not hold, or acts on someone holding more.

const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

async function personWith(role: string, capabilities: readonly Capability[]): Promise<CurrentPerson> {
  const email = `${uniqueName(role)}@example.com`;
  const row = await db.user.create({ data: { email, role, emailVerified: new Date() } });
  return {
    id: row.id,
    email,
    name: null,
    role,
    capabilities,
    emailVerified: true,
    hasSecondFactor: false,
    secondFactorMissing: false,
    authenticatedAt: new Date(),
  };
}

const builtIn = (role: BuiltInRole) => personWith(role, builtInCapabilities(role));

async function customRole(capabilities: Capability[]): Promise<string> {
  const name = uniqueName("r");
  await db.role.create({ data: { name, label: name, description: "", capabilities: capabilities.join(" ") } });
  return name;
}

async function liveSession(personId: string) {
  const sid = randomUUID();
  await db.signedInSession.create({ data: { sid, userId: personId, expiresAt: new Date(Date.now() + 3600_000) } });
  const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: personId } });
  return () => livePersonFor({ sub: personId, sid, sv: sessionVersion });
}

const input = (name: string, capabilities: Capability[], label = `Label ${name}`) => ({
  name,
  label,
  description: "Ends sessions and sends reset links.",
  capabilities: ["read", ...capabilities] as Capability[],
});

describe("a custom role", () => {
  it("carries what it is given, read with the person, and an edit binds at the next read", async () => {
    const admin = await builtIn("admin");
    const name = uniqueName("support");
    expect(await createRole(admin, input(name, ["manage-access"]))).toMatchObject({ ok: true });
    const holder = await personWith(name, []);
    const live = await liveSession(holder.id);
    expect((await live())?.capabilities).toEqual(["read", "manage-access"]);

    expect(await updateRole(admin, input(name, ["read-audit"]))).toMatchObject({ ok: true });
    const after = await live();
    expect(after?.capabilities).toEqual(["read", "read-audit"]);
    expect(decide(after, { capability: "manage-access" }, { requireVerifiedEmail: false })).toMatchObject({
      allowed: false,
      reason: "role",
    });

    const entry = await db.auditEvent.findFirstOrThrow({ where: { action: "role.changed", actorId: admin.id } });
    expect(JSON.parse(entry.before!)).toMatchObject({ name, capabilities: "read manage-access" });
    expect(JSON.parse(entry.after!)).toMatchObject({ name, capabilities: "read read-audit" });
  });

  it("counts as signed out once the role is gone from under its holder (never as some other role)", async () => {
    const name = await customRole(["read-audit"]);
    const holder = await personWith(name, []);
    const live = await liveSession(holder.id);
    expect(await live()).not.toBeNull();
    await db.role.delete({ where: { name } });
    expect(await live()).toBeNull();
  });

  it("is deleted with its holders moved, people and apps, in one change with its audit entry", async () => {
    const admin = await builtIn("admin");
    const name = await customRole(["create"]);
    const holders = [await personWith(name, []), await personWith(name, [])];
    const app = await appOf(admin);
    await serviceTokenOf(admin, app.appId, name);
    expect(await deleteRole(admin, name, "writer")).toMatchObject({ ok: true });
    for (const holder of holders)
      expect((await db.user.findUniqueOrThrow({ where: { id: holder.id } })).role).toBe("writer");
    expect((await db.oAuthApp.findUniqueOrThrow({ where: { id: app.appId } })).serviceRole).toBe("writer");
    const entry = await db.auditEvent.findFirstOrThrow({ where: { action: "role.deleted", actorId: admin.id } });
    expect(JSON.parse(entry.after!)).toEqual({ movedTo: "writer", people: 2, apps: 1 });
    expect(await deleteRole(admin, "writer", "user")).toEqual({ ok: false, message: "That role no longer exists." });
  });

  it("binds on personal tokens, apps' grants and an app's service role at their next use", async () => {
    const admin = await builtIn("admin");
    const name = await customRole(["create"]);
    const holder = await personWith(name, []);
    const created = await createToken(holder, { name: "ci", scopes: ["articles:write"], expiresAt: null });
    if (!created.ok) throw new Error("no token");
    const personal = async () => {
      const token = await findTokenByHash(hashToken(created.token));
      return decide(token!.user, { capability: "create", scopes: ["articles:write"] }, { requireVerifiedEmail: false });
    };
    const app = await appOf(admin);
    const { accessToken } = await grantOf(holder, app.appId, "articles:write");
    const viaApp = async () => {
      const found = await authenticateAppToken(accessToken);
      if (!found.ok) return found.reason;
      return decide(
        found.token.owner,
        { capability: "create", scopes: found.token.scopes },
        { requireVerifiedEmail: false },
      ).allowed;
    };
    const serviceApp = await appOf(admin, { name: "Service" });
    const service = await serviceTokenOf(admin, serviceApp.appId, name);
    const viaService = async () => {
      const found = await authenticateAppToken(service);
      if (!found.ok) return found.reason;
      return decide(
        found.token.owner,
        { capability: "create", scopes: found.token.scopes },
        { requireVerifiedEmail: false },
      ).allowed;
    };
    expect(await personal()).toEqual({ allowed: true });
    expect(await viaApp()).toBe(true);
    expect(await viaService()).toBe(true);

    await updateRole(admin, { ...input(name, []), label: name });
    expect(await personal()).toMatchObject({ allowed: false, reason: "role" });
    expect(await viaApp()).toBe(false);
    expect(await viaService()).toBe(false);

    // A deleted service role is no role: the app's own tokens stop, rather than acting as anything else.
    await db.role.delete({ where: { name } });
    expect(await viaService()).toBe("disabled-app");
  });
});

describe("an app acting for itself", () => {
  it("changes none of its owner's articles with a writer's service role: it wrote none of them", async () => {
    const admin = await builtIn("admin");
    const article = await db.article.create({ data: { title: "The owner's", body: "b", authorId: admin.id } });
    const app = await appOf(admin, { scopes: ["articles:read", "articles:write", "articles:delete"] });
    const service = await serviceTokenOf(admin, app.appId, "writer");
    const found = await authenticateAppToken(service);
    if (!found.ok) throw new Error("no service token");
    expect(found.token.owner.id).toBe(admin.id);
    expect(await updateArticle(found.token.owner, article.id, { title: "Rewritten by the app" })).toEqual({
      outcome: "not_yours",
    });
    expect(await deleteArticle(found.token.owner, article.id)).toBe("not_yours");
  });
});

describe("no escalation", () => {
  it("refuses to create or edit a role carrying what the actor does not hold", async () => {
    const keeperRole = await customRole(["manage-roles", "manage-access"]);
    const keeper = await personWith(keeperRole, ["read", "manage-roles", "manage-access"]);
    const name = uniqueName("r");
    const refused = await createRole(keeper, input(name, ["manage-access", "change-roles"]));
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining("change-roles") });
    expect(await db.role.count({ where: { name } })).toBe(0);
    expect(await createRole(keeper, input(name, ["manage-access"]))).toMatchObject({ ok: true });

    // Nor edit one that carries more, even to take it away.
    const higher = await customRole(["manage-security"]);
    expect(await updateRole(keeper, input(higher, []))).toMatchObject({ ok: false });
    expect((await db.role.findUniqueOrThrow({ where: { name: higher } })).capabilities).toBe("manage-security");
    // Nor its own role upwards.
    expect(
      await updateRole(keeper, input(keeperRole, ["manage-roles", "manage-access", "manage-security"])),
    ).toMatchObject({
      ok: false,
    });
  });

  it("reads the actor's role inside the change: a capability taken away a moment ago cannot be handed on", async () => {
    const admin = await builtIn("admin");
    const keeperRole = await customRole(["manage-roles", "manage-access"]);
    const keeper = await personWith(keeperRole, ["read", "manage-roles", "manage-access"]);
    // The request began while the keeper held manage-access (`keeper` says so); it has since gone.
    await updateRole(admin, input(keeperRole, ["manage-roles"]));
    const name = uniqueName("r");
    expect(await createRole(keeper, input(name, ["manage-access"]))).toMatchObject({ ok: false });
    expect(await db.role.count({ where: { name } })).toBe(0);
  });

  it("refuses to give a role carrying more, or to act on someone holding more", async () => {
    const granterRole = await customRole(["change-roles", "manage-access"]);
    const granter = await personWith(granterRole, ["read", "change-roles", "manage-access"]);
    const user = await builtIn("user");
    const admin = await builtIn("admin");

    expect(await changeRole(granter, user.id, "editor")).toMatchObject({ ok: false });
    expect(await changeRole(granter, granter.id, "admin")).toMatchObject({ ok: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: granter.id } })).role).toBe(granterRole);

    expect(await changeRole(granter, admin.id, "user")).toMatchObject({
      ok: false,
      message: expect.stringContaining("holds what your role does not"),
    });
    expect(await setDisabled(granter, admin.id, true)).toMatchObject({ ok: false });
    expect(await endSessions(granter, admin.id, { revokeTokens: true })).toMatchObject({ ok: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).disabledAt).toBeNull();

    // Within its own powers it acts: a user (who holds only read) can be given the granter's peers' roles.
    const auditorRole = await customRole(["read-audit"]);
    expect(await changeRole(granter, user.id, auditorRole)).toMatchObject({ ok: false });
    const supportRole = await customRole(["manage-access"]);
    expect(await changeRole(granter, user.id, supportRole)).toMatchObject({ ok: true });
    expect(await setDisabled(granter, user.id, true)).toMatchObject({ ok: true });
    const entry = await db.auditEvent.findFirstOrThrow({ where: { action: "user.role_changed", targetId: user.id } });
    expect([JSON.parse(entry.before!).role, JSON.parse(entry.after!).role]).toEqual(["user", supportRole]);
  });

  it("refuses a role that does not exist, without changing anyone", async () => {
    const admin = await builtIn("admin");
    const user = await builtIn("user");
    expect(await changeRole(admin, user.id, "no-such-role")).toMatchObject({ ok: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("user");
  });
});

describe("the review's finds, kept found", () => {
  const choicesNow = async () =>
    parseSecondFactorChoices((await db.setting.findUnique({ where: { key: SECOND_FACTOR_ROLES_SETTING } }))?.value);
  const required = async (name: string) => {
    const role = (await findRole(name))!;
    return secondFactorRequired({ role: name, capabilities: role.capabilities }, await choicesNow());
  };

  it("an exemption from two-step sign-in lapses once the role carries a different power over people", async () => {
    const admin = await builtIn("admin");
    const name = await customRole(["manage-access"]);
    expect(await required(name)).toBe(true);
    // The admin lifts it for this role as it is (the form lists every role, this one unticked).
    const shown = (await listRoles()).map((role) => role.name);
    const ticked = shown.filter((role) => role !== name && role === "admin");
    expect(await setSecondFactorRequirements(admin, ticked, shown)).toMatchObject({ ok: true });
    expect(await required(name)).toBe(false);
    // Only what differs from the default is kept: roles that follow it have no entry.
    expect([...(await choicesNow()).keys()]).toContain(name);
    expect((await choicesNow()).has("writer")).toBe(false);
    // Widened to change roles, it must use two-step sign-in again until someone chooses otherwise.
    await updateRole(admin, input(name, ["manage-access", "change-roles"]));
    expect(await required(name)).toBe(true);
    // A deleted role's choice does not pass to a new role of the same name.
    await setSecondFactorRequirements(
      admin,
      ["admin"],
      (await listRoles()).map((role) => role.name),
    );
    expect(await required(name)).toBe(false);
    await deleteRole(admin, name, "user");
    expect(await createRole(admin, input(name, ["manage-access"]))).toMatchObject({ ok: true });
    expect(await required(name)).toBe(true);
  });

  it("nobody lifts two-step sign-in from a role carrying more than theirs", async () => {
    const securityRole = await customRole(["manage-security"]);
    const officer = await personWith(securityRole, ["read", "manage-security"]);
    const shown = (await listRoles()).map((role) => role.name);
    const before = await choicesNow();
    const refused = await setSecondFactorRequirements(officer, [], shown);
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining("carries what your role does not") });
    expect(await choicesNow()).toEqual(before);
  });

  it("manage-roles alone cannot widen a role someone holds, nor move its holders to a wider one", async () => {
    const keeperRole = await customRole(["manage-roles", "create", "update"]);
    const keeper = await personWith(keeperRole, ["read", "manage-roles", "create", "update"]);
    const reader = await customRole([]);
    await personWith(reader, []);
    expect(await updateRole(keeper, input(reader, ["create"]))).toMatchObject({
      ok: false,
      message: expect.stringContaining("change-roles"),
    });
    expect(await deleteRole(keeper, reader, "editor")).toMatchObject({ ok: false });
    expect(await db.role.count({ where: { name: reader } })).toBe(1);
    // Nobody holds this one: shaping it is defining a role, not changing anyone's.
    const unheld = await customRole([]);
    expect(await updateRole(keeper, input(unheld, ["create"]))).toMatchObject({ ok: true });
    // Narrowing, or moving holders to a role that carries no more, is fine.
    expect(await deleteRole(keeper, reader, "user")).toMatchObject({ ok: true });
  });

  it("refuses a label people would read as another role", async () => {
    const admin = await builtIn("admin");
    const first = uniqueName("r");
    expect(await createRole(admin, input(first, [], "Reviewers"))).toMatchObject({ ok: true });
    expect(await createRole(admin, input(uniqueName("r"), [], "reviewers"))).toMatchObject({ ok: false });
    expect(await createRole(admin, input(uniqueName("r"), [], "Admin"))).toMatchObject({ ok: false });
    expect(await updateRole(admin, input(first, [], "Reviewers"))).toMatchObject({ ok: true });
  });
});
