import { expect, test as setup } from "@playwright/test";
import { e2eDatabaseUrl, runSql, storedDate } from "./support/database";
import { SIGNED_IN_ROLES, accountOf, storageStatePath } from "./support/fixtures";
import { signInThroughForm } from "./support/sign-in";

// Signs each role in once through the real form and keeps the cookies for the specs.
//
// Dangerous actions need a sign-in from the last 10 minutes (lib/auth/policy.ts), and a whole run
// lasts longer: how long the suite has been running must not decide whether a spec that uses a stored
// session is asked to confirm its password. So these stored sessions count as confirmed until after
// the run; specs about confirming use people of their own (ageSessions in support/database.ts).
const CONFIRMED_FOR_MS = 3 * 3600_000;

for (const role of SIGNED_IN_ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signInThroughForm(page, accountOf(role));
    await expect(page.getByTestId("role-badge")).toHaveText(role);
    await page.context().storageState({ path: storageStatePath(role) });
    const url = e2eDatabaseUrl();
    const changed = await runSql(
      url,
      `UPDATE "SignedInSession" SET "reauthenticatedAt" = ?
       WHERE "endedAt" IS NULL AND "userId" = (SELECT "id" FROM "User" WHERE "email" = ?)`,
      [storedDate(new Date(Date.now() + CONFIRMED_FOR_MS), url), accountOf(role).email],
    );
    expect(changed).toBeGreaterThan(0);
  });
}
