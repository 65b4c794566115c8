import type { Prisma } from "@prisma/client";
import { recordAuditIn } from "@/lib/audit/record";
import { CAPABILITY_LABELS, holdsAll, notHeld, type Capability } from "@/lib/auth/policy";
import type { CurrentPerson } from "@/lib/auth/session/current-person";
import { serializable } from "@/lib/db-transaction";
import { findRole, withCapabilities, type RoleView } from "@/lib/roles/queries";
import type { RoleInput } from "@/lib/roles/schemas";

// What an admin does to roles: create, edit, delete. Each runs in one Serializable transaction with
// its audit entry, and re-reads the actor's own role inside it, so nobody hands on a capability they
// do not hold, not even by racing someone who is taking it from them.

export type RoleResult = { ok: true; message: string; name: string } | { ok: false; message: string };

type Tx = Prisma.TransactionClient;

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

export function createRole(actor: CurrentPerson, input: RoleInput): Promise<RoleResult> {
  return serializable(async (tx) => {
    const me = await actorNow(tx, actor);
    if (!holdsAll(me, input.capabilities))
      return { ok: false, message: beyondYourRole("That role", notHeld(me, input.capabilities)) };
    if (await tx.role.findUnique({ where: { name: input.name } }))
      return { ok: false, message: `A role named ${input.name} exists already. Choose another name.` };
    const capabilities = input.capabilities.join(" ");
    await tx.role.create({ data: { ...input, capabilities } });
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
 * the role carries, before and after: taking a power away is handing it on in reverse.
 */
export function updateRole(actor: CurrentPerson, input: RoleInput): Promise<RoleResult> {
  return serializable(async (tx) => {
    const role = await findRole(input.name, tx);
    if (!role || role.builtIn) return { ok: false, message: "That role no longer exists." };
    const me = await actorNow(tx, actor);
    const touched = [...new Set([...role.capabilities, ...input.capabilities])] as Capability[];
    if (!holdsAll(me, touched)) return { ok: false, message: beyondYourRole("That role", notHeld(me, touched)) };
    const capabilities = input.capabilities.join(" ");
    await tx.role.update({
      where: { name: role.name },
      data: { label: input.label, description: input.description, capabilities },
    });
    await recordAuditIn(tx, { action: "role.changed", actor, before: auditedRole(role), after: auditedRole(input) });
    return {
      ok: true,
      name: role.name,
      message: `Saved “${input.label}”. Its holders have it from their next request.`,
    };
  });
}

/**
 * Deletes a custom role, moving whoever holds it (people, and apps as their service role) to
 * `moveTo` in the same transaction: nobody is left holding a role that is none. The actor must hold
 * everything both roles carry.
 */
export function deleteRole(actor: CurrentPerson, name: string, moveTo: string): Promise<RoleResult> {
  return serializable(async (tx) => {
    const role = await findRole(name, tx);
    if (!role || role.builtIn) return { ok: false, message: "That role no longer exists." };
    if (moveTo === name) return { ok: false, message: "Choose another role for its holders to move to." };
    const destination = await findRole(moveTo, tx);
    if (!destination) return { ok: false, message: `There is no role named ${moveTo}.` };
    const me = await actorNow(tx, actor);
    if (!holdsAll(me, role.capabilities))
      return { ok: false, message: beyondYourRole("That role", notHeld(me, role.capabilities)) };
    if (!holdsAll(me, destination.capabilities))
      return { ok: false, message: beyondYourRole(`The role ${moveTo}`, notHeld(me, destination.capabilities)) };
    const people = await tx.user.updateMany({ where: { role: name }, data: { role: moveTo } });
    const apps = await tx.oAuthApp.updateMany({ where: { serviceRole: name }, data: { serviceRole: moveTo } });
    await tx.role.delete({ where: { name } });
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
