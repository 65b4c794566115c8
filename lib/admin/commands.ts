import type { Prisma } from "@prisma/client";
import { countActiveAdmins } from "@/lib/admin/queries";
import { recordAuditIn } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { Role } from "@/lib/auth/policy";
import { serializable } from "@/lib/db-transaction";
import { revokeAllTokensOf } from "@/lib/tokens/queries";

export type CommandResult = { ok: true; message: string } | { ok: false; message: string };

const NOT_FOUND: CommandResult = { ok: false, message: "That person no longer exists." };
const LAST_ADMIN: CommandResult = {
  ok: false,
  message: "This is the last active admin. Make someone else an admin first, so the organisation is never left without one.",
};

type Target = { id: string; email: string; role: string; disabledAt: Date | null; sessionVersion: number };

async function loadTarget(tx: Prisma.TransactionClient, userId: string): Promise<Target | null> {
  return tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, role: true, disabledAt: true, sessionVersion: true } });
}

/** True when taking `target` out of the active admins would leave none. Read inside the same transaction. */
async function wouldLeaveNoAdmin(tx: Prisma.TransactionClient, target: Target): Promise<boolean> {
  if (target.role !== "admin" || target.disabledAt) return false;
  return (await countActiveAdmins(tx)) <= 1;
}

export function changeRole(actor: CurrentUser, userId: string, role: Role): Promise<CommandResult> {
  return serializable(async (tx) => {
    const target = await loadTarget(tx, userId);
    if (!target) return NOT_FOUND;
    if (target.role === role) return { ok: true, message: `${target.email} is already ${role}.` };
    if (role !== "admin" && (await wouldLeaveNoAdmin(tx, target))) return LAST_ADMIN;
    // No session version bump: the person stays signed in and their next request sees the new role.
    await tx.user.update({ where: { id: target.id }, data: { role } });
    await recordAuditIn(tx, { action: "user.role_changed", actor, target, before: { role: target.role }, after: { role } });
    return { ok: true, message: `${target.email} is now ${role}.` };
  });
}

export function setDisabled(actor: CurrentUser, userId: string, disabled: boolean): Promise<CommandResult> {
  return serializable(async (tx) => {
    const target = await loadTarget(tx, userId);
    if (!target) return NOT_FOUND;
    if (Boolean(target.disabledAt) === disabled) {
      return { ok: true, message: `${target.email} is already ${disabled ? "disabled" : "enabled"}.` };
    }
    if (disabled && (await wouldLeaveNoAdmin(tx, target))) return LAST_ADMIN;
    // Disabling also ends every session and revokes every API token, so re-enabling later revives
    // neither an old cookie nor a token minted by whoever caused the account to be disabled.
    await tx.user.update({
      where: { id: target.id },
      data: disabled ? { disabledAt: new Date(), sessionVersion: { increment: 1 } } : { disabledAt: null },
    });
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
        ? `${target.email} is disabled and signed out everywhere${tokensRevoked ? `; ${tokensRevoked} API token${tokensRevoked === 1 ? " was" : "s were"} revoked` : ""}.`
        : `${target.email} is enabled again. Their old sessions and API tokens stay ended.`,
    };
  });
}

export function endSessions(actor: CurrentUser, userId: string, { revokeTokens }: { revokeTokens: boolean }): Promise<CommandResult> {
  return serializable(async (tx) => {
    const target = await loadTarget(tx, userId);
    if (!target) return NOT_FOUND;
    await tx.user.update({ where: { id: target.id }, data: { sessionVersion: { increment: 1 } } });
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
        : ` ${tokensRevoked} API token${tokensRevoked === 1 ? " was" : "s were"} revoked.`;
    return { ok: true, message: `Every session of ${target.email} has ended.${tokens}` };
  });
}
