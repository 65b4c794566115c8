import { recordAudit, recordAuditIn } from "@/lib/audit/record";
import { IMPERSONATION_MINUTES, can, mayImpersonate, notHeld, capabilitiesOf } from "@/lib/auth/policy";
import type { Viewing } from "@/lib/impersonation/queries";
import { db } from "@/lib/db";
import { serializable } from "@/lib/db-transaction";
import { afterResponse } from "@/lib/http/after-response";
import { tryDeliver } from "@/lib/mail/deliver";
import { viewedAsYouMail } from "@/lib/mail/messages";
import { findCommandTarget } from "@/lib/people/queries";
import { actorNow } from "@/lib/roles/commands";
import { withCapabilities } from "@/lib/roles/queries";

// Starting and stopping "View as" (lib/auth/policy.ts IMPERSONATION_MINUTES and mayImpersonate),
// each with its audit entry in the same Serializable transaction. What it shows, and refuses, is
// the guards' (lib/auth/session/current-person.ts, lib/auth/guards).

type Person = { id: string; email: string; name: string | null };

export type ViewingResult = { ok: true; targetId: string } | { ok: false; message: string };

/**
 * Starts viewing as `targetId` from session `sid`, for IMPERSONATION_MINUTES at most; a viewing
 * already in force from that session ends first. The person viewed gets a mail.
 */
export async function startViewing(
  actor: Person,
  sid: string,
  targetId: string,
  reason: string,
): Promise<ViewingResult> {
  const result = await serializable(async (tx): Promise<ViewingResult & { email?: string }> => {
    const [me, row] = await Promise.all([actorNow(tx, actor), findCommandTarget(tx, targetId)]);
    if (!row) return { ok: false, message: "That person no longer exists." };
    if (!can(me, "impersonate")) return { ok: false, message: "Your role no longer allows this. Reload the page." };
    if (row.disabledAt) return { ok: false, message: `${row.email} is disabled: there is nothing to view as them.` };
    const target = { ...(await withCapabilities(row, tx)), id: row.id };
    if (!mayImpersonate({ ...me, id: actor.id }, target)) {
      const missing = notHeld(me, capabilitiesOf(target) ?? []);
      return {
        ok: false,
        message:
          row.id === actor.id
            ? "You cannot view as yourself."
            : `${row.email} holds what your role does not (${missing.join(", ")}): nobody views as someone with more power.`,
      };
    }
    const now = new Date();
    await tx.impersonation.updateMany({ where: { sid, endedAt: null }, data: { endedAt: now } });
    const endsAt = new Date(now.getTime() + IMPERSONATION_MINUTES * 60_000);
    const viewing = await tx.impersonation.create({
      data: { sid, actorId: actor.id, targetId: row.id, reason, startedAt: now, endsAt },
    });
    await recordAuditIn(tx, {
      action: "impersonation.started",
      actor,
      target: row,
      after: { viewing: viewing.id, reason, minutes: IMPERSONATION_MINUTES },
    });
    return { ok: true, targetId: row.id, email: row.email };
  });
  if (result.ok && result.email) {
    const to = result.email;
    afterResponse(async () => {
      await tryDeliver(viewedAsYouMail(to, actor.name ?? actor.email, reason, IMPERSONATION_MINUTES));
    });
  }
  return result.ok ? { ok: true, targetId: result.targetId } : result;
}

/** Why a viewing ended, as the audit log says it. */
export type ViewingEnd = "stopped" | "time-up" | "no-longer-allowed" | "session-ended";

/** Ends a viewing (if still in force) with its audit entry; says whether it was this call that ended it. */
export async function endViewing(viewing: Viewing, actor: Person, why: ViewingEnd): Promise<boolean> {
  return serializable(async (tx) => {
    const endedAt = why === "time-up" ? viewing.endsAt : new Date();
    const { count } = await tx.impersonation.updateMany({
      where: { id: viewing.id, endedAt: null },
      data: { endedAt },
    });
    if (count === 0) return false;
    const target = await tx.user.findUnique({ where: { id: viewing.targetId }, select: { id: true, email: true } });
    await recordAuditIn(tx, {
      action: "impersonation.ended",
      actor,
      target,
      after: { viewing: viewing.id, reason: viewing.reason, why },
    });
    return true;
  });
}

/** Ends every viewing in force from a session that ends (signed out, ended from another browser or by an admin). */
export async function endViewingsFrom(sid: string): Promise<void> {
  const viewings = await db.impersonation.findMany({
    where: { sid, endedAt: null },
    select: { id: true, targetId: true, reason: true, startedAt: true, endsAt: true, actor: true },
  });
  for (const { actor, ...viewing } of viewings)
    await endViewing(viewing, { id: actor.id, email: actor.email, name: actor.name }, "session-ended");
}

/** One request made while viewing as someone: in the audit log under both names, with the reason. */
export async function recordViewedRequest(
  viewer: Person,
  target: { id: string; email: string },
  viewing: Viewing,
  what: { path: string; refused?: boolean },
): Promise<void> {
  await recordAudit({
    action: what.refused ? "impersonation.refused" : "impersonation.viewed",
    actor: viewer,
    target,
    after: { viewing: viewing.id, reason: viewing.reason, path: what.path.slice(0, 200) },
  });
}
