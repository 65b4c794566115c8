import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ACTION_SCENARIOS, GATEHOUSE_ITSELF } from "./support/action-scenarios";
import { serverActionId } from "./support/actions";
import { storageStatePath } from "./support/fixtures";
import { openTokenForm } from "./support/tokens";

// Malformed, oversized and deeply nested bodies sent to every server action, by someone the action
// would otherwise serve (so nothing but the body stands in the way): each gets a 4xx with a message
// a person can read, and what the action would change stays as it was. The fuzz (fuzz.spec.ts)
// sends thousands of random ones and checks only for 5xx; these are the named cases.

type BadBody = {
  what: string;
  status: number;
  error: string;
  message: string;
  send: (fields: Record<string, string>) => { headers: Record<string, string>; data: Buffer | string };
};

function multipart(parts: Array<[string, string]>, boundary = `----bad${randomUUID().slice(0, 8)}`) {
  const body =
    parts
      .map(([name, value]) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join("") + `--${boundary}--\r\n`;
  return { headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, data: Buffer.from(body) };
}

const envelope = (fields: Record<string, string>, root: string): Array<[string, string]> => [
  ...Object.entries(fields).map(([name, value]): [string, string] => [`_1_${name}`, value]),
  ["0", root],
];
const normalRoot = JSON.stringify([{ status: "idle" }, "$K1"]);

const BAD_BODIES: BadBody[] = [
  {
    what: "a form over 1 MB",
    status: 413,
    error: "payload_too_large",
    message: "The form is larger than 1 MB.",
    send: (fields) => multipart(envelope({ ...fields, padding: "x".repeat(1_100_000) }, normalRoot)),
  },
  {
    what: "JSON instead of a form",
    status: 415,
    error: "unsupported_media_type",
    message: "Forms must be sent as multipart/form-data.",
    send: (fields) => ({ headers: { "content-type": "application/json" }, data: JSON.stringify(fields) }),
  },
  {
    what: "a multipart body cut off half way",
    status: 400,
    error: "malformed_form",
    message: "The form could not be read.",
    send: (fields) => {
      const whole = multipart(envelope(fields, normalRoot));
      return { headers: whole.headers, data: whole.data.subarray(0, Math.floor(whole.data.length / 2)) };
    },
  },
  {
    what: "arguments nested 200 deep",
    status: 400,
    error: "malformed_form",
    message: "The form is not one Gatehouse sent.",
    send: (fields) => multipart(envelope(fields, `[{"status":"idle"},"$K1",${"[".repeat(200)}${"]".repeat(200)}]`)),
  },
  {
    what: "arguments pointing at a part that is not there",
    status: 400,
    error: "malformed_form",
    message: "The form is not one Gatehouse sent.",
    send: (fields) => multipart(envelope(fields, JSON.stringify([{ status: "idle" }, "$@7"]))),
  },
  {
    what: "arguments that are not JSON",
    status: 400,
    error: "malformed_form",
    message: "The form is not one Gatehouse sent.",
    send: (fields) => multipart(envelope(fields, "[{status: idle}, $K1")),
  },
];

for (const [action, scenario] of Object.entries(ACTION_SCENARIOS)) {
  test(`${action}: ${BAD_BODIES.length} malformed bodies each get a clear 4xx, and nothing changes`, async ({
    browser,
  }) => {
    const victim = await scenario.prepare(browser);
    const before = await victim.observe();
    for (const bad of BAD_BODIES) {
      const { headers, data } = bad.send(victim.fields);
      const response = await victim.request.post(victim.path, {
        headers: { "next-action": serverActionId(action), ...GATEHOUSE_ITSELF, ...headers },
        data,
        maxRedirects: 0,
      });
      expect(response.status(), bad.what).toBe(bad.status);
      expect(await response.json(), bad.what).toEqual({ error: bad.error, message: bad.message });
      expect(await victim.observe(response), `${bad.what}: nothing changed`).toBe(before);
    }
    await victim.cleanup?.();
    await victim.request.dispose().catch(() => {});
  });
}

test("the REST API answers malformed, oversized, wrongly typed and deeply nested JSON with a clear 4xx and writes nothing", async ({
  browser,
}) => {
  // An editor: creating needs articles:write, and so does updating, which the role must also allow.
  const context = await browser.newContext({ storageState: storageStatePath("editor") });
  const page = await context.newPage();
  await page.goto("/settings/tokens");
  await openTokenForm(page);
  await page.getByLabel("Name").fill(`bad bodies ${randomUUID().slice(0, 6)}`);
  await page.getByLabel("articles:write").check();
  await page.getByRole("button", { name: "Create token" }).click();
  const authorization = `Bearer ${(await page.getByLabel("New token").textContent())!}`;
  // Every title sent carries this marker; afterwards no stored article may carry it.
  const marker = `bad-body-${randomUUID().slice(0, 8)}`;
  const storedTitles = async () => {
    const titles: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await page.request.get(
        `/api/v1/articles?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        { headers: { authorization } },
      );
      const result = (await response.json()) as { data: Array<{ title: string }>; nextCursor: string | null };
      titles.push(...result.data.map((article) => article.title));
      cursor = result.nextCursor;
    } while (cursor);
    return titles;
  };

  const cases: Array<{ what: string; status: number; headers?: Record<string, string>; data: string | Buffer }> = [
    { what: "a body over 1 MB", status: 413, data: JSON.stringify({ title: marker, body: "x".repeat(1_100_000) }) },
    { what: "broken JSON", status: 400, data: `{"title": "${marker}", "body": ` },
    { what: "JSON nested 10,000 deep", status: 400, data: "[".repeat(10_000) + "]".repeat(10_000) },
    { what: "a title that is an array", status: 422, data: JSON.stringify({ title: [marker], body: "b" }) },
    { what: "a body that is a number", status: 422, data: JSON.stringify({ title: marker, body: 42 }) },
    { what: "a role smuggled in", status: 422, data: JSON.stringify({ title: marker, body: "b", role: "admin" }) },
    { what: "an array instead of an object", status: 422, data: JSON.stringify([{ title: marker, body: "b" }]) },
    { what: "null", status: 422, data: "null" },
    {
      what: "a form instead of JSON",
      status: 415,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      data: `title=${marker}&body=b`,
    },
    { what: "binary bytes", status: 400, data: Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22]) },
  ];
  for (const { what, status, headers, data } of cases) {
    // Bytes, not a string: Playwright would wrap a string that is not valid JSON into a JSON string.
    const response = await page.request.post("/api/v1/articles", {
      headers: { authorization, "content-type": "application/json", ...headers },
      data: Buffer.from(data),
    });
    expect(response.status(), what).toBe(status);
    const body = (await response.json()) as { error: string; message: string };
    // A message written for people, not the parser's or zod's own words.
    expect(body.message, what).toMatch(/\w+ \w+ \w+/);
    expect(body.message, what).not.toMatch(
      /Invalid input|expected \w+, received|Unrecognized key|Unexpected token|SyntaxError/,
    );
    expect(JSON.stringify(body), what).not.toMatch(/\n\s+at |node_modules/);
  }
  // PATCH: the same parser and our own words, and the article stays as it was.
  const created = await page.request.post("/api/v1/articles", {
    headers: { authorization },
    data: { title: "Patched by nobody", body: "Original body." },
  });
  expect(created.status()).toBe(201);
  const article = (await created.json()) as { id: string; title: string; body: string; version: number };
  const patches: Array<{ what: string; status: number; data: string; message: RegExp }> = [
    {
      what: "broken JSON",
      status: 400,
      data: `{"title": "${marker}"`,
      message: /^The request body is not valid JSON\.$/,
    },
    { what: "nothing to change", status: 422, data: "{}", message: /^Send a title, a body or both\.$/ },
    {
      what: "a version that is text",
      status: 422,
      data: JSON.stringify({ title: marker, version: "latest" }),
      message: /^version must be a whole number\.$/,
    },
    {
      what: "a role smuggled in",
      status: 422,
      data: JSON.stringify({ title: marker, role: "admin" }),
      message: /^Unknown field: role\. Send only title, body and version\.$/,
    },
    {
      what: "a title that is an object",
      status: 422,
      data: JSON.stringify({ title: { $ne: null } }),
      message: /^title: title must be a string\.$|^title must be a string\.$/,
    },
  ];
  for (const { what, status, data, message } of patches) {
    const response = await page.request.patch(`/api/v1/articles/${article.id}`, {
      headers: { authorization, "content-type": "application/json" },
      data: Buffer.from(data),
    });
    expect(response.status(), `PATCH ${what}`).toBe(status);
    expect(((await response.json()) as { message: string }).message, `PATCH ${what}`).toMatch(message);
  }
  const after = (await (
    await page.request.get(`/api/v1/articles/${article.id}`, { headers: { authorization } })
  ).json()) as typeof article;
  expect(after).toMatchObject({ title: article.title, body: article.body, version: article.version });

  for (const query of ["limit=abc", "limit=0", "limit=2.5", `cursor=${"x".repeat(300)}`]) {
    const response = await page.request.get(`/api/v1/articles?${query}`, { headers: { authorization } });
    expect(response.status(), query).toBe(400);
    const { message } = (await response.json()) as { message: string };
    expect(message, query).toMatch(/^(limit|cursor) must be/);
  }
  expect((await storedTitles()).filter((title) => title.includes(marker))).toEqual([]);
  await context.close();
});
