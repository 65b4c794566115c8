import { randomUUID } from "node:crypto";
import { request as apiRequest, expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { actionFormBody, captureActionRequests, serverActionId } from "./support/actions";
import { adminAct } from "./support/admin";
import { E2E_ORIGIN, TEST_PEOPLE, ownNetwork, storageStatePath } from "./support/fixtures";
import { signInThroughForm, signUpAndSignIn } from "./support/sign-in";
import { forgeSessionToken, requestWithSessionCookie, sessionIdIn, sessionOf } from "./support/tokens";

const PASSWORD = "violet-kettle-orbit-42";

/** A brand-new person, signed up, confirmed and signed in through the UI in their own browser context. */
async function newPersonSignedIn(browser: Browser) {
  const email = `member-${randomUUID().slice(0, 8)}@example.com`;
  const context = await browser.newContext({ extraHTTPHeaders: ownNetwork() });
  const page = await context.newPage();
  await signUpAndSignIn(page, { email, password: PASSWORD });
  return { email, page, context };
}

async function adminPage(browser: Browser) {
  const context = await browser.newContext({ storageState: storageStatePath("admin") });
  return { page: await context.newPage(), context };
}

test("a promotion applies on the person's next request, and a demotion refuses their next action, without signing in again", async ({
  browser,
}) => {
  const member = await newPersonSignedIn(browser);
  const admin = await adminPage(browser);

  const before = await member.page.request.get("/dashboard/articles/new", { maxRedirects: 0 });
  expect(before.status()).toBe(403);

  expect(await adminAct(admin.page, member.email, "Change role", "writer")).toBe(`${member.email} is now writer.`);

  // Promotion: the very next request reaches the writer's page; middleware re-reads the role first.
  await member.page.goto("/dashboard/articles/new");
  await expect(member.page.getByRole("heading", { name: "New article" })).toBeVisible();
  await expect(member.page.getByTestId("role-badge")).toHaveText("writer");

  // The member starts a draft; meanwhile the admin demotes them.
  const title = `Never published ${randomUUID().slice(0, 6)}`;
  await member.page.getByLabel("Title").fill(title);
  await member.page.getByLabel("Body").fill("Written by a writer who is no longer one.");
  expect(await adminAct(admin.page, member.email, "Change role", "user")).toBe(`${member.email} is now user.`);

  // Demotion: the next create is refused, the draft stays in the form, nothing is stored.
  await member.page.getByRole("button", { name: "Publish" }).click();
  await expect(member.page.getByRole("main").getByRole("alert")).toHaveText("Your role does not allow this.");
  await expect(member.page.getByLabel("Title")).toHaveValue(title);
  const dashboard = await (await member.page.request.get("/dashboard")).text();
  expect(dashboard).not.toContain(title);
  await member.page.reload();
  await expect(member.page.getByTestId("role-badge")).toHaveText("user");

  await member.context.close();
  await admin.context.close();
});

test("disabling a person signs them out at their next request and keeps them out", async ({ browser }) => {
  const member = await newPersonSignedIn(browser);
  const admin = await adminPage(browser);

  expect(await adminAct(admin.page, member.email, "Disable")).toContain("is disabled and signed out everywhere");

  await member.page.goto("/dashboard");
  await expect(member.page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard/);
  await member.page.getByLabel("Email").fill(member.email);
  await member.page.getByLabel("Password").fill(PASSWORD);
  await member.page.getByRole("button", { name: "Sign in" }).click();
  await expect(member.page.getByRole("main").getByRole("alert")).toHaveText("Email or password is incorrect.");

  expect(await adminAct(admin.page, member.email, "Enable")).toContain("is enabled again");
  await signInThroughForm(member.page, { email: member.email, password: PASSWORD });
  await expect(member.page.getByTestId("role-badge")).toHaveText("user");

  await member.context.close();
  await admin.context.close();
});

test("ending a person's sessions signs out every browser they use", async ({ browser }) => {
  const member = await newPersonSignedIn(browser);
  const secondBrowser = await browser.newContext();
  const secondPage = await secondBrowser.newPage();
  await signInThroughForm(secondPage, { email: member.email, password: PASSWORD });
  const admin = await adminPage(browser);

  expect(await adminAct(admin.page, member.email, "End sessions")).toBe(
    `Every session of ${member.email} has ended. They had no API tokens or app access to revoke.`,
  );
  for (const page of [member.page, secondPage]) {
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  }
  await member.context.close();
  await secondBrowser.close();
  await admin.context.close();
});

test("the only admin cannot demote or disable themself", async ({ browser }) => {
  const admin = await adminPage(browser);
  const message = await adminAct(admin.page, TEST_PEOPLE.admin.email, "Change role", "editor");
  expect(message).toContain("This is the last active admin");
  await admin.page.reload();
  await expect(admin.page.getByRole("banner").getByTestId("role-badge")).toHaveText("admin");
  expect(await adminAct(admin.page, TEST_PEOPLE.admin.email, "Disable")).toContain("This is the last active admin");
  await admin.context.close();
});

test("admin actions land in the audit log, which verifies and exports as CSV", async ({ browser }) => {
  const member = await newPersonSignedIn(browser);
  const admin = await adminPage(browser);
  await adminAct(admin.page, member.email, "Change role", "editor");
  await adminAct(admin.page, member.email, "End sessions");

  await admin.page.goto(`/admin/audit?q=${encodeURIComponent(member.email)}`);
  const log = admin.page.getByTestId("audit-log");
  for (const action of ["auth.sign_up", "auth.sign_in", "user.role_changed", "user.sessions_ended"]) {
    await expect(log.locator(`li[data-action="${action}"]`).first()).toBeVisible();
  }
  // Each entry reads as a sentence, names first; the raw change is one click away.
  const roleChange = log.locator('li[data-action="user.role_changed"]').first();
  await expect(roleChange.getByTestId("audit-sentence")).toHaveText(
    `${TEST_PEOPLE.admin.name} changed ${member.email}’s role from user to editor.`,
  );
  await roleChange.getByText("Details").click();
  await expect(roleChange.getByTestId("audit-change")).toHaveText('{"role":"user"} → {"role":"editor"}');

  await admin.page.goto("/admin/audit/verify");
  await expect(admin.page.getByTestId("chain-verdict")).toHaveAttribute("data-ok", "true");

  const csv = await admin.page.request.get(`/admin/audit/export?q=${encodeURIComponent(member.email)}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toBe(
    '"id","createdAt","action","actorEmail","actorId","targetEmail","targetId","before","after","ip","userAgent","seq","prevHash","hash"',
  );
  expect(lines.some((line) => line.includes("user.role_changed"))).toBe(true);
  await member.context.close();
  await admin.context.close();
});

/** A token for `request`'s person, made through the tokens page's own action. */
async function mintToken(request: APIRequestContext, name = `t-${randomUUID().slice(0, 6)}`) {
  const response = await request.post("/settings/tokens", {
    headers: { "next-action": serverActionId("createTokenAction"), origin: E2E_ORIGIN },
    multipart: actionFormBody({ name, expiresIn: "30", scopes: "articles:read" }),
  });
  const text = await response.text();
  const token = text.match(/gat_[A-Za-z0-9_-]{43}/)?.[0];
  expect(token, `token ${name} minted`).toBeDefined();
  return token!;
}

const tokenStatus = async (token: string) => {
  const api = await apiRequest.newContext({
    baseURL: E2E_ORIGIN,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  const status = (await api.get("/api/v1/articles?limit=1")).status();
  await api.dispose();
  return status;
};

test("ending a person's sessions also revokes the API tokens a stolen session could have minted, unless the admin unticks it", async ({
  browser,
}) => {
  const member = await newPersonSignedIn(browser);
  const kept = await mintToken(member.context.request);
  const admin = await adminPage(browser);

  // Unticked: sessions end, tokens stay.
  await admin.page.goto(`/admin/users?q=${encodeURIComponent(member.email)}`);
  const row = admin.page.locator(`tr[data-person="${member.email}"]`);
  await row.getByRole("button", { name: "End sessions", exact: true }).click();
  await admin.page.getByRole("dialog").getByLabel("Also revoke API tokens and app access").uncheck();
  await admin.page.getByRole("dialog").getByRole("button", { name: "End sessions" }).click();
  await expect(
    admin.page
      .getByTestId("toast")
      .filter({ hasText: `Every session of ${member.email} has ended. Their API tokens and app access still work.` }),
  ).toBeVisible();
  expect(await tokenStatus(kept)).toBe(200);

  // The default: tokens go with the sessions.
  await signInThroughForm(member.page, { email: member.email, password: PASSWORD });
  const second = await mintToken(member.context.request);
  expect(await adminAct(admin.page, member.email, "End sessions")).toBe(
    `Every session of ${member.email} has ended. 2 API tokens were revoked.`,
  );
  expect(await tokenStatus(kept)).toBe(401);
  expect(await tokenStatus(second)).toBe(401);
  await member.context.close();
  await admin.context.close();
});

test("disabling a person revokes their API tokens, and enabling them again does not bring the tokens back", async ({
  browser,
}) => {
  const member = await newPersonSignedIn(browser);
  const token = await mintToken(member.context.request);
  const admin = await adminPage(browser);
  expect(await adminAct(admin.page, member.email, "Disable")).toBe(
    `${member.email} is disabled and signed out everywhere; 1 API token was revoked.`,
  );
  expect(await adminAct(admin.page, member.email, "Enable")).toBe(
    `${member.email} is enabled again. Their old sessions, API tokens and app access stay ended.`,
  );
  expect(await tokenStatus(token)).toBe(401);
  await member.context.close();
  await admin.context.close();
});

test("an admin sees a person's active tokens and revokes one", async ({ browser }) => {
  const member = await newPersonSignedIn(browser);
  const name = `Laptop ${randomUUID().slice(0, 6)}`;
  const token = await mintToken(member.context.request, name);
  const admin = await adminPage(browser);
  await admin.page.goto(`/admin/users?q=${encodeURIComponent(member.email)}`);
  await admin.page.locator(`tr[data-person="${member.email}"]`).getByRole("link").first().click();
  await expect(admin.page.getByRole("heading", { level: 1 })).toHaveText(member.email);
  const row = admin.page.getByTestId("person-token-table").locator(`tr[data-token="${name}"]`);
  await expect(row).toContainText("Expires in");
  await row.getByRole("button", { name: "Revoke" }).click();
  await admin.page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  // Revoked, it leaves the list of active tokens.
  await expect(row).toHaveCount(0);
  expect(await tokenStatus(token)).toBe(401);

  const audit = await admin.page.request.get(
    `/admin/audit/export?action=token.revoked&q=${encodeURIComponent(member.email)}`,
  );
  const revocation = (await audit.text()).split("\r\n").find((line) => line.includes(name));
  expect(revocation, "the revocation is audited with the admin as actor").toContain(TEST_PEOPLE.admin.email);
  await member.context.close();
  await admin.context.close();
});

test("audit export cells cannot become spreadsheet formulas under any list separator", async ({ browser }) => {
  const hostile = [
    "Mozilla/5.0;=1+2",
    'x,=HYPERLINK("http://evil.example")',
    "ok\t@SUM(A1)",
    "a|+1",
    " =2*3",
    "+cmd|' /C calc'!A0",
  ];
  const email = `csv-${randomUUID().slice(0, 8)}@example.test`;
  for (const userAgent of hostile) {
    const context = await apiRequest.newContext({
      baseURL: E2E_ORIGIN,
      extraHTTPHeaders: { "user-agent": userAgent, ...ownNetwork() },
    });
    const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
    await context.post("/api/auth/callback/credentials", {
      form: { csrfToken, email, password: "wrong-password" },
      maxRedirects: 0,
    });
    await context.dispose();
  }
  const admin = await adminPage(browser);
  const csv = await (await admin.page.request.get(`/admin/audit/export?q=${encodeURIComponent(email)}`)).text();
  expect(csv.split("\r\n").filter(Boolean)).toHaveLength(hostile.length + 1);
  // Read the file as a spreadsheet set to each common separator would, ignoring quotes the way the
  // careless ones do: no field may start with a formula character.
  for (const separator of [",", ";", "\t", "|"]) {
    const fields = csv
      .split(/\r\n|\n/)
      .flatMap((line) => line.split(separator))
      .map((field) => field.replace(/^[\s"]+/, ""));
    expect(
      fields.filter((field) => /^[=+\-@]/.test(field)),
      `separator ${JSON.stringify(separator)}`,
    ).toEqual([]);
  }
  await admin.context.close();
});

test("explain access says why, step by step", async ({ browser }) => {
  const admin = await adminPage(browser);
  await admin.page.goto("/admin/access");
  await admin.page.getByLabel("Person’s email").fill(TEST_PEOPLE.editor.email);
  await admin.page.getByLabel("Page or capability").selectOption("/admin");
  await admin.page.getByRole("button", { name: "Explain" }).click();
  const explanation = admin.page.getByTestId("access-explanation");
  await expect(explanation).toHaveAttribute("data-allowed", "false");
  await expect(explanation).toContainText(
    "has the built-in role editor, which carries: read, create, update-own, delete-own, update.",
  );
  await expect(explanation).toContainText("editor does not carry read-audit: denied.");
  await admin.context.close();
});

test("every admin action, called directly by someone who is not an admin, is refused and changes nothing", async ({
  browser,
}) => {
  const member = await newPersonSignedIn(browser);
  await member.context.close();

  // Capture the three admin actions as an admin's browser sends them, stopped before the server.
  const admin = await adminPage(browser);
  const captured = await captureActionRequests(admin.page, "**/admin/users**");
  const row = admin.page.locator(`tr[data-person="${member.email}"]`);
  for (const [index, [button, confirm]] of [
    ["Change role", "Change role"],
    ["Disable", "Disable account"],
    ["End sessions", "End sessions"],
  ].entries()) {
    // A fresh page each time: the aborted request leaves the previous one in its error state.
    await admin.page.goto(`/admin/users?q=${encodeURIComponent(member.email)}`);
    await row.getByRole("button", { name: button, exact: true }).click();
    const dialog = admin.page.getByRole("dialog");
    if (button === "Change role") await dialog.getByLabel("New role").selectOption("admin");
    await dialog.getByRole("button", { name: confirm }).click();
    await expect.poll(() => captured.length).toBe(index + 1);
  }
  expect(captured).toHaveLength(3);
  await admin.context.close();

  const path = `/admin/users?q=${encodeURIComponent(member.email)}`;
  // An editor's real cookie: stopped by middleware.
  const editor = await apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: storageStatePath("editor") });
  // A user's token that still claims "admin" (as one issued before a demotion would): middleware
  // lets it through, so only the action's own check stands in the way.
  const userSession = await sessionOf("user");
  const staleAdmin = await requestWithSessionCookie(
    await forgeSessionToken({
      sub: userSession.id,
      sid: userSession.sid,
      role: "admin",
      sv: userSession.sessionVersion,
    }),
  );
  for (const { headers, body } of captured) {
    const blocked = await editor.post(path, { headers, data: body, maxRedirects: 0 });
    expect(blocked.status()).toBeGreaterThanOrEqual(400);
    expect(blocked.status()).toBeLessThan(500);
    const refused = await staleAdmin.post(path, { headers, data: body, maxRedirects: 0 });
    expect(refused.status()).toBe(200);
    expect(await refused.text()).toContain("Your role does not allow this.");
  }

  // The member is still an enabled user with their session version unchanged.
  const check = await browser.newContext();
  const page = await check.newPage();
  await signInThroughForm(page, { email: member.email, password: PASSWORD });
  await expect(page.getByTestId("role-badge")).toHaveText("user");
  await check.close();
  await editor.dispose();
  await staleAdmin.dispose();
});

test.describe("the edge gate's 60-second bound", () => {
  const now = () => Math.floor(Date.now() / 1000);

  async function sessionCookieIn(response: { headersArray(): Array<{ name: string; value: string }> }) {
    const { decode } = await import("next-auth/jwt");
    const { E2E_AUTH_SECRET, SESSION_COOKIE } = await import("./support/fixtures");
    const header = response
      .headersArray()
      .find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith(`${SESSION_COOKIE}=`));
    if (!header) return undefined;
    const value = header.value.slice(SESSION_COOKIE.length + 1).split(";")[0];
    return value ? await decode({ token: value, secret: E2E_AUTH_SECRET, salt: SESSION_COOKIE }) : null;
  }

  test("a role read more than 60 s ago is re-read from the database and the cookie re-issued", async () => {
    const user = await sessionOf("user");
    // A cookie that still says "editor", last checked 61 seconds ago.
    const stale = await requestWithSessionCookie(
      await forgeSessionToken({
        sub: user.id,
        sid: user.sid,
        role: "editor",
        sv: user.sessionVersion,
        roleCheckedAt: now() - 61,
      }),
    );
    const response = await stale.get("/dashboard", { maxRedirects: 0 });
    expect(response.status()).toBe(200);
    const reissued = await sessionCookieIn(response);
    expect(reissued).toMatchObject({ sub: user.id, sid: user.sid, role: "user" });
    expect(reissued!.roleCheckedAt).toBeGreaterThanOrEqual(now() - 5);
    await stale.dispose();
  });

  test("a role read within the last 60 s is trusted by the edge gate, and pages still check the database", async () => {
    const user = await sessionOf("user");
    const fresh = await requestWithSessionCookie(
      await forgeSessionToken({
        sub: user.id,
        sid: user.sid,
        role: "editor",
        sv: user.sessionVersion,
        roleCheckedAt: now(),
      }),
    );
    const dashboard = await fresh.get("/dashboard", { maxRedirects: 0 });
    expect(dashboard.status()).toBe(200);
    expect(await sessionCookieIn(dashboard)).toBeUndefined();
    // The edge gate lets "editor" through to /editor; the page reads the real role and refuses.
    const editor = await fresh.get("/editor", { maxRedirects: 0 });
    expect(editor.status()).toBe(403);
    await fresh.dispose();
  });

  test("a disabled person's stale cookie is cleared by the edge gate", async ({ browser }) => {
    const member = await newPersonSignedIn(browser);
    const memberSession = (await (await member.page.request.get("/api/auth/session")).json()) as {
      user: { id: string; sessionVersion: number };
    };
    const admin = await adminPage(browser);
    await adminAct(admin.page, member.email, "Disable");
    const stale = await requestWithSessionCookie(
      await forgeSessionToken({
        sub: memberSession.user.id,
        sid: await sessionIdIn(member.page.context()),
        role: "user",
        sv: memberSession.user.sessionVersion,
        roleCheckedAt: now() - 61,
      }),
    );
    const response = await stale.get("/dashboard", { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(response.headers().location).toContain("/signin");
    expect(await sessionCookieIn(response)).toBeNull();
    await stale.dispose();
    await member.context.close();
    await admin.context.close();
  });
});
