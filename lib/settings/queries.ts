import {
  UNKNOWN_APP_RULES,
  parseSecondFactorChoices,
  type SecondFactorChoices,
  type UnknownAppRule,
} from "@/lib/auth/policy";
import { db } from "@/lib/db";

// Organisation-wide settings, stored as JSON text by key. Each setting is read where it is used in
// the same query as the rest (lib/auth/session/live-session.ts reads the roles that must have a second
// factor on every request), so a change binds on everyone's next request, on every instance.

export const SECOND_FACTOR_ROLES_SETTING = "second-factor.required-roles";

export async function secondFactorChoices(): Promise<SecondFactorChoices> {
  const row = await db.setting.findUnique({ where: { key: SECOND_FACTOR_ROLES_SETTING } });
  return parseSecondFactorChoices(row?.value);
}

/**
 * An admin's choices, per role, where they differ from the default (a role not in them follows the
 * policy's default: required of roles that manage people, security or roles).
 */
export async function setSecondFactorChoices(choices: SecondFactorChoices): Promise<void> {
  const value = JSON.stringify(Object.fromEntries(choices));
  await db.setting.upsert({
    where: { key: SECOND_FACTOR_ROLES_SETTING },
    create: { key: SECOND_FACTOR_ROLES_SETTING, value },
    update: { value },
  });
}

export const APP_REVIEW_SETTING = "apps.review";

/**
 * Admin → Security's rules for new apps: whether apps people register wait for an admin's approval,
 * and whether apps Gatehouse has never seen (lib/auth/policy.ts UNKNOWN_APP_RULES) may come. One
 * stored value, read in the transaction that registers an app, so a change binds on every instance.
 */
export type AppReviewRules = { peopleHeld: boolean; unknownApps: UnknownAppRule };

export async function appReviewRules(tx: Pick<typeof db, "setting"> = db): Promise<AppReviewRules> {
  const row = await tx.setting.findUnique({ where: { key: APP_REVIEW_SETTING } });
  return parseAppReviewRules(row?.value);
}

/** Whether apps people register are held until an admin approves them. */
export async function appsHeldForReview(tx: Pick<typeof db, "setting"> = db): Promise<boolean> {
  return (await appReviewRules(tx)).peopleHeld;
}

// Stored before unknown apps existed as {"people":"held"|"off"}; a missing rule is "off", as then.
function parseAppReviewRules(stored: string | undefined): AppReviewRules {
  try {
    const value = stored ? (JSON.parse(stored) as { people?: unknown; unknown?: unknown }) : {};
    const unknownApps = (UNKNOWN_APP_RULES as readonly unknown[]).includes(value.unknown)
      ? (value.unknown as UnknownAppRule)
      : "off";
    return { peopleHeld: value.people === "held", unknownApps };
  } catch {
    return { peopleHeld: false, unknownApps: "off" };
  }
}

export async function setAppReviewRules(rules: AppReviewRules): Promise<void> {
  const value = JSON.stringify({ people: rules.peopleHeld ? "held" : "off", unknown: rules.unknownApps });
  await db.setting.upsert({
    where: { key: APP_REVIEW_SETTING },
    create: { key: APP_REVIEW_SETTING, value },
    update: { value },
  });
}

/**
 * Forgets an admin's choice about two-step sign-in for one role, inside the caller's transaction: the
 * role was deleted (a new one of the same name starts from the default), or now carries a different
 * power over people, security or roles than the choice was made for.
 */
export async function forgetSecondFactorChoice(tx: Pick<typeof db, "setting">, role: string): Promise<void> {
  const row = await tx.setting.findUnique({ where: { key: SECOND_FACTOR_ROLES_SETTING } });
  const choices = new Map(parseSecondFactorChoices(row?.value));
  if (!choices.delete(role)) return;
  const value = JSON.stringify(Object.fromEntries(choices));
  await tx.setting.update({ where: { key: SECOND_FACTOR_ROLES_SETTING }, data: { value } });
}
