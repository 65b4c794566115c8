import type { Prisma } from "@prisma/client";
import { recordAuditIn } from "@/lib/audit/record";
import type { Role } from "@/lib/auth/policy";
import type { CurrentPerson } from "@/lib/auth/session/current-person";
import { serializable } from "@/lib/db-transaction";
import {
  bumpSessionVersion,
  countActiveAdmins,
  findCommandTarget,
  setDisabledAt,
  setRole,
  type CommandTarget,
} from "@/lib/people/queries";
import { revokeAllTokensOf } from "@/lib/tokens/queries";

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

const tokensWere = (count: number) => `${count} API token${count === 1 ? " was" : "s were"} revoked`;

export function changeRole(actor: CurrentPerson, personId: string, role: Role): Promise<CommandResult> {
  return serializable(async (tx) => {
    const target = await findCommandTarget(tx, personId);
    if (!target) return NOT_FOUND;
    if (target.role === role)
      return { ok: false, message: `${target.email} is already ${role}. Pick another role to change it.` };
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
    if (disabled && (await wouldLeaveNoAdmin(tx, target))) return LAST_ADMIN;
    // Disabling also ends every session and revokes every API token, so re-enabling later revives
    // neither an old cookie nor a token minted by whoever caused the account to be disabled.
    await setDisabledAt(tx, target.id, disabled);
    const tokensRevoked = disabled ? await revokeAllTokensOf(target.id, tx) : 0;
    await recordAuditIn(tx, {
      action: disabled ? "user.disabled" : "user.enabled",
      actor,
      target,
      before: { disabled: !disabled },
      after: disabled ? { disabled, tokensRevoked } : { disabled },
    });
    return {
      ok: true,
      message: disabled
        ? `${target.email} is disabled and signed out everywhere${tokensRevoked ? `; ${tokensWere(tokensRevoked)}` : ""}.`
        : `${target.email} is enabled again. Their old sessions and API tokens stay ended.`,
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
    await bumpSessionVersion(tx, target.id);
    const tokensRevoked = revokeTokens ? await revokeAllTokensOf(target.id, tx) : 0;
    await recordAuditIn(tx, {
      action: "user.sessions_ended",
      actor,
      target,
      before: { sessionVersion: target.sessionVersion },
      after: { sessionVersion: target.sessionVersion + 1, ...(revokeTokens ? { tokensRevoked } : {}) },
    });
    const tokens = !revokeTokens
      ? " Their API tokens still work."
      : tokensRevoked === 0
        ? " They had no API tokens to revoke."
        : ` ${tokensWere(tokensRevoked)}.`;
    return { ok: true, message: `Every session of ${target.email} has ended.${tokens}` };
  });
}
