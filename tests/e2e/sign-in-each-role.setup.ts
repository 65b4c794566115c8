import { expect, test as setup } from "@playwright/test";
import { ROLES } from "@/lib/auth/policy";
import { TEST_PEOPLE, storageStatePath } from "./support/fixtures";
import { signInThroughForm } from "./support/sign-in";

// Signs each role in once through the real form and keeps the cookies for the specs.
for (const role of ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signInThroughForm(page, TEST_PEOPLE[role]);
    await expect(page.getByTestId("role-badge")).toHaveText(role);
    await page.context().storageState({ path: storageStatePath(role) });
  });
}
