import { recordAuditIn } from "@/lib/audit/record";
import {
  holdsAll,
  notHeld,
  parseSecondFactorChoices,
  secondFactorRequired,
  type SecondFactorChoices,
} from "@/lib/auth/policy";
import type { CurrentPerson } from "@/lib/auth/session/current-person";
import { serializable } from "@/lib/db-transaction";
import { actorNow, beyondYourRole } from "@/lib/roles/commands";
import { listRoles } from "@/lib/roles/queries";
import { SECOND_FACTOR_ROLES_SETTING } from "@/lib/settings/queries";

export type SettingResult = { ok: boolean; message: string };

/**
 * Admin → Security's "roles that must use two-step sign-in", in one Serializable transaction with
 * its audit entry and the roles as they are now. Only what differs from the default is stored, so
 * a role whose powers change later (or a new role of a deleted one's name) meets the default again.
 * `shown` is the roles the form listed and `was` those it showed ticked: only a box the admin
 * changed is saved, so two admins saving the form at once each keep the other's change. Nobody
 * lifts the requirement from a role carrying more than theirs.
 */
export function setSecondFactorRequirements(
  actor: CurrentPerson,
  ticked: readonly string[],
  shown: readonly string[],
  was: readonly string[] | null = null,
): Promise<SettingResult> {
  return serializable(async (tx) => {
    const known = await listRoles(tx);
    const unknown = ticked.find((role) => !known.some((candidate) => candidate.name === role));
    if (unknown) return { ok: false, message: `There is no role named ${unknown} any more. Reload the page.` };
    const row = await tx.setting.findUnique({ where: { key: SECOND_FACTOR_ROLES_SETTING } });
    const before = parseSecondFactorChoices(row?.value);
    const me = await actorNow(tx, actor);
    const decided = shown.length ? shown : known.map((role) => role.name);
    const after = new Map(before);
    for (const role of known) {
      if (!decided.includes(role.name)) continue;
      // Left as the form showed it: whatever it is now (another admin may have changed it) stands.
      if (was && was.includes(role.name) === ticked.includes(role.name)) continue;
      const subject = { role: role.name, capabilities: role.capabilities };
      const wanted = ticked.includes(role.name);
      if (wanted !== secondFactorRequired(subject, before) && !holdsAll(me, role.capabilities))
        return { ok: false, message: beyondYourRole(`The role ${role.label}`, notHeld(me, role.capabilities)) };
      after.delete(role.name);
      if (wanted !== secondFactorRequired(subject, after)) after.set(role.name, wanted);
    }
    const value = JSON.stringify(Object.fromEntries(after));
    await tx.setting.upsert({
      where: { key: SECOND_FACTOR_ROLES_SETTING },
      create: { key: SECOND_FACTOR_ROLES_SETTING, value },
      update: { value },
    });
    const requiring = (choices: SecondFactorChoices) =>
      known
        .filter((role) => secondFactorRequired({ role: role.name, capabilities: role.capabilities }, choices))
        .map((role) => role.name);
    const required = requiring(after);
    await recordAuditIn(tx, {
      action: "settings.second_factor_roles",
      actor,
      before: { roles: requiring(before).join(",") },
      after: { roles: required.join(",") },
    });
    return {
      ok: true,
      message: required.length
        ? `Saved. ${required.join(", ")} must use two-step sign-in, from their next request.`
        : "Saved. No role must use two-step sign-in.",
    };
  });
}
