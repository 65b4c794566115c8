import { request as apiRequest, expect, test } from "@playwright/test";
import { BUILT_IN_ROLES } from "@/lib/auth/policy";
import { actionFormBody, serverActionId } from "./support/actions";
import { E2E_ORIGIN, TEST_PEOPLE, storageStatePath } from "./support/fixtures";
import { signInThroughForm } from "./support/sign-in";

test("a wrong password and an unknown email get the same message, and the email stays filled in", async ({ page }) => {
  const messages: string[] = [];
  for (const attempt of [
    { email: TEST_PEOPLE.user.email, password: "not-the-right-password" },
    { email: "nobody-here@gatehouse.test", password: "not-the-right-password" },
  ]) {
    await page.goto("/signin");
    await page.getByLabel("Email").fill(attempt.email);
    await page.getByLabel("Password").fill(attempt.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("main").getByRole("alert");
    await expect(alert).toBeVisible();
    messages.push((await alert.textContent()) ?? "");
    await expect(page.getByLabel("Email")).toHaveValue(attempt.email);
    await expect(page).toHaveURL(/\/signin/);
  }
  expect(messages).toEqual(["Email or password is incorrect.", "Email or password is incorrect."]);
});

test("signing in from a gated page returns there", async ({ page }) => {
  await page.goto("/editor");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Feditor$/);
  await page.getByLabel("Email").fill(TEST_PEOPLE.editor.email);
  await page.getByLabel("Password").fill(TEST_PEOPLE.editor.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${E2E_ORIGIN}/editor`);
  await expect(page.getByRole("heading", { name: "Editor" })).toBeVisible();
});

for (const evil of ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example"]) {
  test(`a callbackUrl of ${evil} cannot send a person off-site after sign-in`, async ({ page }) => {
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(evil)}`);
    await page.getByLabel("Email").fill(TEST_PEOPLE.user.email);
    await page.getByLabel("Password").fill(TEST_PEOPLE.user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${E2E_ORIGIN}/dashboard`);
  });
}

// Paths on the way in that a URL parser normalises into a protocol-relative "//host" on the way out.
const DOT_SEGMENT_TRICKS = [
  "/.//evil.example/phish",
  "/%2e//evil.example/phish",
  "/%2E%2E//evil.example/phish",
  "/a/..//evil.example/phish",
  "/./%2e/.//evil.example",
];

test.describe("a signed-in person opening a crafted sign-in link", () => {
  test.use({ storageState: storageStatePath("user") });
  for (const evil of DOT_SEGMENT_TRICKS) {
    test(`stays on Gatehouse with callbackUrl=${evil}`, async ({ page }) => {
      // Any attempt to reach the attacker's host is caught here, so the test sees it even if it happens.
      const offSite: string[] = [];
      await page.route(
        (url) => url.hostname.endsWith("evil.example"),
        (route) => {
          offSite.push(route.request().url());
          return route.fulfill({ status: 200, contentType: "text/html", body: "<h1>phished</h1>" });
        },
      );
      await page.goto(`/signin?callbackUrl=${encodeURIComponent(evil)}`);
      await expect(page).toHaveURL(`${E2E_ORIGIN}/dashboard`);
      expect(offSite).toEqual([]);
    });
  }
});

test("Auth.js's endpoints apply the same rule to dot-segment paths", async () => {
  for (const callbackUrl of DOT_SEGMENT_TRICKS) {
    const context = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
    const csrf = async () => ((await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
    const signIn = await context.post("/api/auth/callback/credentials", {
      form: {
        csrfToken: await csrf(),
        email: TEST_PEOPLE.user.email,
        password: TEST_PEOPLE.user.password,
        callbackUrl,
      },
      maxRedirects: 0,
    });
    const signOut = await context.post("/api/auth/signout", {
      form: { csrfToken: await csrf(), callbackUrl },
      maxRedirects: 0,
    });
    for (const [what, response] of [
      ["sign-in", signIn],
      ["sign-out", signOut],
    ] as const) {
      const location = response.headers().location ?? "";
      expect(new URL(location, E2E_ORIGIN).origin, `${what} with ${callbackUrl}: ${location}`).toBe(E2E_ORIGIN);
      expect(location, `${what} with ${callbackUrl}`).not.toMatch(/^\/\/|^\/\\/);
    }
    await context.dispose();
  }
});

test("the header shows who is signed in and their role, for every role", async ({ browser }) => {
  for (const role of BUILT_IN_ROLES) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInThroughForm(page, TEST_PEOPLE[role]);
    await expect(page.getByTestId("signed-in-as")).toHaveText(TEST_PEOPLE[role].name);
    await expect(page.getByTestId("role-badge")).toHaveText(role);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await context.close();
  }
});

test("after five wrong passwords the form says to wait, and the right password waits too", async ({ page }) => {
  const email = `throttled-${Date.now()}@gatehouse.test`;
  for (let i = 0; i < 5; i++) {
    await page.goto("/signin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong-guess-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Email or password is incorrect.");
  }
  await page.getByLabel("Password").fill("any-password-at-all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    /^Too many sign-in attempts\. Wait 1[45] minutes and try again\.$/,
  );
});

test("behind a proxy that appends to X-Forwarded-For, a guesser cannot dodge the throttle by writing their own addresses", async () => {
  const email = `spoofer-target-${Date.now()}@gatehouse.test`;
  const guesser = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
  const attempt = async (spoofed: string) => {
    // What nginx's $proxy_add_x_forwarded_for passes on: the client's own header, then the address it saw.
    const response = await guesser.post("/signin", {
      headers: {
        "next-action": serverActionId("signInAction"),
        origin: E2E_ORIGIN,
        "x-forwarded-for": `${spoofed}, 203.0.113.77`,
      },
      multipart: actionFormBody({ callbackUrl: "/dashboard", email, password: `guess-${spoofed}` }),
      maxRedirects: 0,
    });
    return (await response.text()).match(/"message":"([^"]+)"/)?.[1];
  };
  for (let i = 0; i < 5; i++) expect(await attempt(`10.9.${i}.1`)).toBe("Email or password is incorrect.");
  expect(await attempt("10.9.99.1")).toMatch(/^Too many sign-in attempts\. Wait 1[45] minutes and try again\.$/);
  await guesser.dispose();
});

test("Auth.js's own endpoints never redirect off-site, whatever callbackUrl they are given", async () => {
  const evil = ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example"];
  for (const callbackUrl of evil) {
    const context = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
    const csrf = async () => ((await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
    const signIn = await context.post("/api/auth/callback/credentials", {
      form: {
        csrfToken: await csrf(),
        email: TEST_PEOPLE.user.email,
        password: TEST_PEOPLE.user.password,
        callbackUrl,
      },
      maxRedirects: 0,
    });
    const signOut = await context.post("/api/auth/signout", {
      form: { csrfToken: await csrf(), callbackUrl },
      maxRedirects: 0,
    });
    const page = await context.get(`/api/auth/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`, {
      maxRedirects: 0,
    });
    for (const [what, response] of [
      ["sign-in", signIn],
      ["sign-out", signOut],
      ["sign-in page", page],
    ] as const) {
      const location = response.headers().location ?? "";
      expect(location, `${what} with ${callbackUrl}`).not.toBe("");
      expect(new URL(location, E2E_ORIGIN).origin, `${what} with ${callbackUrl}: ${location}`).toBe(E2E_ORIGIN);
    }
    await context.dispose();
  }
});
