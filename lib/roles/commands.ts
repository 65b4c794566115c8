import type { Prisma } from "@prisma/client";
import { recordAuditIn } from "@/lib/audit/record";
import {
  BUILT_IN_ROLES,
  CAPABILITY_LABELS,
  SECOND_FACTOR_CAPABILITIES,
  can,
  holdsAll,
  notHeld,
  type Capability,
} from "@/lib/auth/policy";
import { forgetSecondFactorChoice } from "@/lib/settings/queries";
import { serializable } from "@/lib/db-transaction";
import { findRole, withCapabilities, type RoleView } from "@/lib/roles/queries";
import type { RoleInput } from "@/lib/roles/schemas";

// What an admin does to roles: create, edit, delete. Each runs in one Serializable transaction with
// its audit entry, and re-reads the actor's own role inside it, so nobody hands on a capability they
// do not hold, not even by racing someone who is taking it from them.

export type RoleResult = { ok: true; message: string; name: string } | { ok: false; message: string };

type Tx = Prisma.TransactionClient;

/** Who changes roles: the audit log names them; their role is re-read inside each transaction. */
type Actor = { id: string; email: string };

/** The actor's role as it is inside the transaction (an edit racing this one has committed or waits). */
export async function actorNow(tx: Tx, actor: { id: string }) {
  const row = await tx.user.findUnique({ where: { id: actor.id }, select: { role: true, disabledAt: true } });
  return row && !row.disabledAt ? withCapabilities(row, tx) : null;
}

/** The refusal for handing on capabilities the actor lacks, naming them. */
export function beyondYourRole(what: string, missing: readonly Capability[]): string {
  const names = missing.map((capability) => `${capability} (${CAPABILITY_LABELS[capability]})`).join(", ");
  return `${what} carries what your role does not: ${names}. Only someone who holds it can hand it on.`;
}

function auditedRole(role: Pick<RoleView, "name" | "label" | "description" | "capabilities">) {
  return {
    name: role.name,
    label: role.label,
    description: role.description,
    capabilities: role.capabilities.join(" "),
  };
}

/** The actor lost the power this needs while the request was on its way (re-read in the transaction). */
const NO_LONGER: RoleResult = { ok: false, message: "Your role no longer allows this. Reload the page." };

const WIDENING_HELD =
  "People or apps hold this role: widening it changes what they may do, which takes the power to change roles (change-roles).";

/** A label people would read as another role (a built-in one, or another custom one) is refused. */
async function labelTaken(tx: Tx, label: string, except?: string): Promise<string | null> {
  const wanted = label.toLowerCase();
  if ((BUILT_IN_ROLES as readonly string[]).includes(wanted)) return `“${label}” is a built-in role's name.`;
  const others = await tx.role.findMany({ where: except ? { name: { not: except } } : {}, select: { label: true } });
  return others.some((other) => other.label.toLowerCase() === wanted)
    ? `Another role is called “${label}”. Choose a name people can tell apart.`
    : null;
}

export function createRole(actor: Actor, input: RoleInput): Promise<RoleResult> {
  return serializable(async (tx) => {
    const me = await actorNow(tx, actor);
    if (!can(me, "manage-roles")) return NO_LONGER;
    if (!holdsAll(me, input.capabilities))
      return { ok: false, message: beyondYourRole("That role", notHeld(me, input.capabilities)) };
    if (await tx.role.findUnique({ where: { name: input.name } }))
      return { ok: false, message: `A role named ${input.name} exists already. Choose another name.` };
    const taken = await labelTaken(tx, input.label);
    if (taken) return { ok: false, message: taken };
    const capabilities = input.capabilities.join(" ");
    await tx.role.create({ data: { ...input, capabilities } });
    // A choice about two-step sign-in left by a deleted role of the same name does not carry over.
    await forgetSecondFactorChoice(tx, input.name);
    await recordAuditIn(tx, { action: "role.created", actor, after: auditedRole(input) });
    return {
      ok: true,
      name: input.name,
      message: `The role “${input.label}” is ready. Give it to people under Admin → People.`,
    };
  });
}

/**
 * Edits a custom role: what it carries changes for every holder at their next request (pages,
 * actions, tokens, apps' grants), and at the edge within a minute. The actor must hold everything
 * the role carries, before and after: taking a power away is handing it on in reverse. Widening a
 * role someone holds changes what they may do, so it takes change-roles too.
 */
export function updateRole(actor: Actor, input: RoleInput): Promise<RoleResult> {
  return serializable(async (tx) => {
    const role = await findRole(input.name, tx);
    if (!role || role.builtIn) return { ok: false, message: "That role no longer exists." };
    const me = await actorNow(tx, actor);
    if (!can(me, "manage-roles")) return NO_LONGER;
    const touched = [...new Set([...role.capabilities, ...input.capabilities])] as Capability[];
    if (!holdsAll(me, touched)) return { ok: false, message: beyondYourRole("That role", notHeld(me, touched)) };
    const widened = input.capabilities.some((capability) => !role.capabilities.includes(capability));
    if (widened && !can(me, "change-roles") && (await isHeld(tx, role.name)))
      return { ok: false, message: WIDENING_HELD };
    const taken = await labelTaken(tx, input.label, role.name);
    if (taken) return { ok: false, message: taken };
    const capabilities = input.capabilities.join(" ");
    await tx.role.update({
      where: { name: role.name },
      data: { label: input.label, description: input.description, capabilities },
    });
    // An admin's choice about two-step sign-in was made for what the role carried: once it carries
    // a different power over people, security or roles, the default applies again until someone chooses.
    const managing = (capabilities: readonly Capability[]) =>
      SECOND_FACTOR_CAPABILITIES.filter((capability) => capabilities.includes(capability)).join(" ");
    if (managing(role.capabilities) !== managing(input.capabilities)) await forgetSecondFactorChoice(tx, role.name);
    await recordAuditIn(tx, { action: "role.changed", actor, before: auditedRole(role), after: auditedRole(input) });
    return {
      ok: true,
      name: role.name,
      message: `Saved “${input.label}”. Its holders have it from their next request.`,
    };
  });
}

async function isHeld(tx: Tx, name: string): Promise<boolean> {
  const [people, apps] = await Promise.all([
    tx.user.count({ where: { role: name } }),
    tx.oAuthApp.count({ where: { serviceRole: name } }),
  ]);
  return people + apps > 0;
}

/**
 * Deletes a custom role, moving whoever holds it (people, and apps as their service role) to
 * `moveTo` in the same transaction: nobody is left holding a role that is none. The actor must hold
 * everything both roles carry, and moving holders to a role that carries more is changing their
 * role, which takes change-roles.
 */
export function deleteRole(actor: Actor, name: string, moveTo: string): Promise<RoleResult> {
  return serializable(async (tx) => {
    const role = await findRole(name, tx);
    if (!role || role.builtIn) return { ok: false, message: "That role no longer exists." };
    if (moveTo === name) return { ok: false, message: "Choose another role for its holders to move to." };
    const destination = await findRole(moveTo, tx);
    if (!destination) return { ok: false, message: `There is no role named ${moveTo}.` };
    const me = await actorNow(tx, actor);
    if (!can(me, "manage-roles")) return NO_LONGER;
    if (!holdsAll(me, role.capabilities))
      return { ok: false, message: beyondYourRole("That role", notHeld(me, role.capabilities)) };
    if (!holdsAll(me, destination.capabilities))
      return { ok: false, message: beyondYourRole(`The role ${moveTo}`, notHeld(me, destination.capabilities)) };
    const wider = destination.capabilities.some((capability) => !role.capabilities.includes(capability));
    if (wider && !can(me, "change-roles") && (await isHeld(tx, name)))
      return {
        ok: false,
        message: `${destination.label} carries more than ${role.label}: moving its holders there changes their role, which takes change-roles. Choose a role that carries no more.`,
      };
    const people = await tx.user.updateMany({ where: { role: name }, data: { role: moveTo } });
    const apps = await tx.oAuthApp.updateMany({ where: { serviceRole: name }, data: { serviceRole: moveTo } });
    await tx.role.delete({ where: { name } });
    await forgetSecondFactorChoice(tx, name);
    await recordAuditIn(tx, {
      action: "role.deleted",
      actor,
      before: auditedRole(role),
      after: { movedTo: moveTo, people: people.count, apps: apps.count },
    });
    const moved = people.count + apps.count;
    return {
      ok: true,
      name,
      message: `Deleted “${role.label}”.${moved ? ` ${people.count} people and ${apps.count} apps now hold ${destination.label}.` : ""}`,
    };
  });
}
