import { parseSecondFactorRoles, type Role } from "@/lib/auth/policy";
import { db } from "@/lib/db";

// Organisation-wide settings, stored as JSON text by key. Each setting is read where it is used in
// the same query as the rest (lib/auth/session/live-session.ts reads the roles that must have a second
// factor on every request), so a change binds on everyone's next request, on every instance.

export const SECOND_FACTOR_ROLES_SETTING = "second-factor.required-roles";

export async function secondFactorRoles(): Promise<readonly Role[]> {
  const row = await db.setting.findUnique({ where: { key: SECOND_FACTOR_ROLES_SETTING } });
  return parseSecondFactorRoles(row?.value);
}

export async function setSecondFactorRoles(roles: readonly Role[]): Promise<void> {
  const value = JSON.stringify(roles);
  await db.setting.upsert({
    where: { key: SECOND_FACTOR_ROLES_SETTING },
    create: { key: SECOND_FACTOR_ROLES_SETTING, value },
    update: { value },
  });
}

export const APP_REVIEW_SETTING = "apps.review";

/**
 * Whether apps people register are held until an admin approves them (Admin → Security). Read in
 * the registering transaction, so an app registered after the switch is held, on every instance.
 */
export async function appsHeldForReview(tx: Pick<typeof db, "setting"> = db): Promise<boolean> {
  const row = await tx.setting.findUnique({ where: { key: APP_REVIEW_SETTING } });
  return parseAppReviewSetting(row?.value);
}

function parseAppReviewSetting(stored: string | undefined): boolean {
  try {
    return stored ? (JSON.parse(stored) as { people?: unknown }).people === "held" : false;
  } catch {
    return false;
  }
}

export async function setAppsHeldForReview(held: boolean): Promise<void> {
  const value = JSON.stringify({ people: held ? "held" : "off" });
  await db.setting.upsert({
    where: { key: APP_REVIEW_SETTING },
    create: { key: APP_REVIEW_SETTING, value },
    update: { value },
  });
}
