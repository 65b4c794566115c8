import { readdirSync } from "node:fs";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { appPaths } from "@/tests/support/app-pages";
import { serverActions } from "./support/actions";
import { E2E_ORIGIN, E2E_PORT, storageStatePath } from "./support/fixtures";

// What the server answers to requests no page of Gatehouse would send: other HTTP methods, posts
// that skip the Next-Action header or aim at file-like paths, and paths that are not pages at all.
// None may end in a 5xx, and every HTML answer carries the Content-Security-Policy.

/** A raw request, for methods the Fetch API (and so Playwright's request context) will not send. */
function rawRequest(
  method: string,
  path: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port: E2E_PORT, method, path }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

for (const method of ["TRACE", "PROPFIND", "MKCOL", "LOCK", "PURGE"]) {
  test(`${method} gets 405 with the methods Gatehouse serves, on pages and on the API`, async () => {
    for (const path of ["/", "/dashboard", "/api/health", "/api/v1/articles", "/api/auth/session"]) {
      const response = await rawRequest(method, path);
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      expect(JSON.parse(response.body).message).toContain("does not answer");
    }
  });
}

test("methods Node's HTTP parser does not know are refused by it with a 400, never reaching Next", async () => {
  for (const method of ["TRACK", "FOO"]) expect((await rawRequest(method, "/dashboard")).status, method).toBe(400);
});

test("a form posted before JavaScript loaded (no Next-Action header) from another site is refused with a 403", async ({
  request,
}) => {
  for (const action of serverActions()) {
    const response = await request.post(action.path.replace("[id]", "x"), {
      headers: { origin: "https://evil.example" },
      multipart: { [`$ACTION_ID_${action.id}`]: "", title: "planted" },
      maxRedirects: 0,
    });
    expect(response.status(), `${action.name} at ${action.path}`).toBe(403);
    expect((await response.json()).error).toBe("cross_site_request");
  }
});

test("posts to file-like paths meet the same checks as pages, and none ends in a 5xx", async ({ request }) => {
  const id = serverActions()[0].id;
  for (const path of ["/dashboard.txt", "/signin.txt", "/admin/users.json", "/x.php"]) {
    const crossSite = await request.post(path, {
      headers: { origin: "https://evil.example", "next-action": id },
      multipart: { "0": "[]" },
      maxRedirects: 0,
    });
    expect(crossSite.status(), `cross-site ${path}`).toBe(403);
    const malformed = await request.post(path, {
      headers: { origin: E2E_ORIGIN, "next-action": id, "content-type": "text/plain" },
      data: "not json",
      maxRedirects: 0,
    });
    expect(malformed.status(), `malformed ${path}`).toBe(400);
    const noHeader = await request.post(path, {
      headers: { origin: E2E_ORIGIN },
      multipart: { [`$ACTION_ID_${id}`]: "" },
      maxRedirects: 0,
    });
    expect(noHeader.status(), `no header ${path}`).toBeLessThan(500);
  }
});

test("the files in public/ answer GET and HEAD, and any other method with 405", async ({ request }) => {
  const files = readdirSync("public");
  expect(files).toEqual(expect.arrayContaining(["favicon.ico", "favicon.svg", "site.webmanifest"]));
  for (const file of files) {
    expect((await request.get(`/${file}`)).status(), `GET /${file}`).toBe(200);
    for (const method of ["POST", "PUT", "DELETE"]) {
      const response = await request.fetch(`/${file}`, {
        method,
        headers: { origin: "https://evil.example" },
        data: "x",
      });
      expect(response.status(), `${method} /${file}`).toBe(405);
      expect(response.headers().allow).toBe("GET, HEAD");
    }
  }
});

test("every HTML answer carries the Content-Security-Policy: pages, 404s at file-like paths, and what Auth.js would render", async ({
  browser,
}) => {
  const context = await browser.newContext({ storageState: storageStatePath("admin") });
  const paths = [
    ...appPaths().filter((path) => !path.includes("export")),
    "/nothing-here",
    "/nothing.php",
    "/wp-login.php",
    "/.env",
    "/admin/secret.txt",
    "/api/auth/signout",
    "/api/auth/signin",
    "/api/auth/verify-request",
    "/api/auth/error?error=Configuration",
    "/api/auth/nonsense",
  ];
  for (const path of paths) {
    for (const who of [context.request, (await browser.newContext()).request]) {
      const response = await who.get(path);
      const type = response.headers()["content-type"] ?? "";
      expect(response.status(), path).toBeLessThan(500);
      if (type.includes("text/html")) {
        expect(response.headers()["content-security-policy"], `${path} (${response.url()})`).toMatch(
          /script-src 'self' 'nonce-|default-src 'none'/,
        );
      }
    }
  }
  await context.close();
});

test("Auth.js's own pages send the browser to Gatehouse's pages", async ({ request }) => {
  for (const [path, target] of [
    ["/api/auth/signout", "/signout"],
    ["/api/auth/signin", "/signin"],
    ["/api/auth/verify-request", "/signin"],
  ]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(302);
    expect(new URL(response.headers().location, E2E_ORIGIN).pathname, path).toBe(target);
  }
});
