import type { Prisma } from "@prisma/client";
import { recordAuditIn } from "@/lib/audit/record";
import { endAccess, revokedApiAccess } from "@/lib/auth/end-access";
import { can, capabilitiesOf, mayActOn, notHeld, type Capability, type Subject } from "@/lib/auth/policy";
import { actorNow, beyondYourRole } from "@/lib/roles/commands";
import { findRole, withCapabilities } from "@/lib/roles/queries";
import type { CurrentPerson } from "@/lib/auth/session/current-person";
import { serializable } from "@/lib/db-transaction";
import { countActiveAdmins, findCommandTarget, setDisabledAt, setRole, type CommandTarget } from "@/lib/people/queries";

// What an admin does to a person: change their role, disable or enable them, end their sessions.
// Each runs in one Serializable transaction with its audit entry, so "is there another active
// admin?" and the change cannot be split by a concurrent request.

export type CommandResult = { ok: true; message: string } | { ok: false; message: string };

const NOT_FOUND: CommandResult = { ok: false, message: "That person no longer exists." };
export const LAST_ADMIN: CommandResult = {
  ok: false,
  message:
    "This is the last active admin. Make someone else an admin first, so the organisation is never left without one.",
};

/** True when taking `target` out of the active admins would leave none. Read inside the same transaction. */
export async function wouldLeaveNoAdmin(tx: Prisma.TransactionClient, target: CommandTarget): Promise<boolean> {
  if (target.role !== "admin" || target.disabledAt) return false;
  return (await countActiveAdmins(tx)) <= 1;
}

/**
 * Nobody acts on someone who holds a capability they lack (support staff cannot sign an admin out),
 * read in the command's transaction: the actor's role and the target's as they are now.
 */
async function outranked(
  tx: Prisma.TransactionClient,
  actor: CurrentPerson,
  target: CommandTarget,
  capability: Capability,
): Promise<CommandResult | null> {
  const [me, them] = await Promise.all([actorNow(tx, actor), withCapabilities(target, tx)]);
  // The power this takes, as the actor's role carries it now (it may have been taken a moment ago).
  if (!can(me, capability)) return { ok: false, message: "Your role no longer allows this. Reload the page." };
  const message = refusalToActOn(me, { ...them, email: target.email });
  return message ? { ok: false, message } : null;
}

/** Why `actor` may not act on `target` (who holds more), or null when it may. */
export function refusalToActOn(actor: Subject, target: Subject & { email: string; role: string }): string | null {
  if (mayActOn(actor, target)) return null;
  const missing = notHeld(actor, capabilitiesOf(target) ?? []);
  return `${target.email} holds what your role does not (${missing.join(", ")}): only someone who holds it can change their role or account.`;
}

/** The same question outside a command's transaction (a mail sent, one session ended). */
export async function refusalToActOnPerson(actor: CurrentPerson, target: { email: string; role: string }) {
  return refusalToActOn(actor, await withCapabilities(target));
}

export function changeRole(actor: CurrentPerson, personId: string, role: string): Promise<CommandResult> {
  return serializable(async (tx) => {
    const target = await findCommandTarget(tx, personId);
    if (!target) return NOT_FOUND;
    if (target.role === role)
      return { ok: false, message: `${target.email} is already ${role}. Pick another role to change it.` };
    const given = await findRole(role, tx);
    if (!given) return { ok: false, message: `There is no role named ${role} any more. Reload the page.` };
    const refusal = await outranked(tx, actor, target, "change-roles");
    if (refusal) return refusal;
    const me = await actorNow(tx, actor);
    const missing = notHeld(me, given.capabilities);
    if (missing.length) return { ok: false, message: beyondYourRole(`The role ${given.label}`, missing) };
    if (role !== "admin" && (await wouldLeaveNoAdmin(tx, target))) return LAST_ADMIN;
    // No session version bump: the person stays signed in and their next request sees the new role.
    await setRole(tx, target.id, role);
    await recordAuditIn(tx, {
      action: "user.role_changed",
      actor,
      target,
      before: { role: target.role },
      after: { role },
    });
    return { ok: true, message: `${target.email} is now ${role}.` };
  });
}

export function setDisabled(actor: CurrentPerson, personId: string, disabled: boolean): Promise<CommandResult> {
  return serializable(async (tx) => {
    const target = await findCommandTarget(tx, personId);
    if (!target) return NOT_FOUND;
    if (Boolean(target.disabledAt) === disabled) {
      return { ok: true, message: `${target.email} is already ${disabled ? "disabled" : "enabled"}.` };
    }
    const refusal = await outranked(tx, actor, target, "manage-access");
    if (refusal) return refusal;
    if (disabled && (await wouldLeaveNoAdmin(tx, target))) return LAST_ADMIN;
    // Disabling ends every session, token and app's access, so re-enabling later revives nothing that
    // whoever caused the account to be disabled may have minted.
    await setDisabledAt(tx, target.id, disabled);
    const ended = disabled ? await endAccess(tx, target.id, { apiAccess: true }) : null;
    await recordAuditIn(tx, {
      action: disabled ? "user.disabled" : "user.enabled",
      actor,
      target,
      before: { disabled: !disabled },
      after: ended ? { disabled, tokensRevoked: ended.tokens, appsRevoked: ended.grants } : { disabled },
    });
    const revoked = ended && revokedApiAccess(ended);
    return {
      ok: true,
      message: disabled
        ? `${target.email} is disabled and signed out everywhere${revoked ? `; ${revoked}` : ""}.`
        : `${target.email} is enabled again. Their old sessions, API tokens and app access stay ended.`,
    };
  });
}

export function endSessions(
  actor: CurrentPerson,
  personId: string,
  { revokeTokens }: { revokeTokens: boolean },
): Promise<CommandResult> {
  return serializable(async (tx) => {
    const target = await findCommandTarget(tx, personId);
    if (!target) return NOT_FOUND;
    const refusal = await outranked(tx, actor, target, "manage-access");
    if (refusal) return refusal;
    const ended = await endAccess(tx, target.id, { apiAccess: revokeTokens });
    await recordAuditIn(tx, {
      action: "user.sessions_ended",
      actor,
      target,
      before: { sessionVersion: target.sessionVersion },
      after: {
        sessionVersion: target.sessionVersion + 1,
        sessionsEnded: ended.sessions,
        ...(revokeTokens ? { tokensRevoked: ended.tokens, appsRevoked: ended.grants } : {}),
      },
    });
    const revoked = revokedApiAccess(ended);
    const tokens = !revokeTokens
      ? " Their API tokens and app access still work."
      : revoked
        ? ` ${revoked}.`
        : " They had no API tokens or app access to revoke.";
    return { ok: true, message: `Every session of ${target.email} has ended.${tokens}` };
  });
}
