import { request as apiRequest, expect, test, type APIRequestContext } from "@playwright/test";
import { CAPABILITY_LABELS, can, canAdminister, decideAccess, ruleFor, type Subject } from "@/lib/auth/policy";
import { appPaths } from "@/tests/support/app-pages";
import { SIGNED_IN_ROLES, storageStatePath, subjectOf, type SignedInRole } from "./support/fixtures";

// Generated from the policy module and the app/ folder: every gated page and route handler, for
// every role and signed out. A new page or role adds rows here; a page that does not behave as the
// policy says fails its row. (tests/unit/app-pages.test.ts fails a page that has no rule at all.)
const GATED_PATHS = appPaths().filter((path) => ruleFor(path));
type Who = SignedInRole | "signed-out";
// The built-in roles and the demo's custom role (an auditor): roles as data are held to the same rows.
const EVERYONE: Who[] = ["signed-out", ...SIGNED_IN_ROLES];

async function requestAs(who: Who, baseURL: string): Promise<APIRequestContext> {
  return apiRequest.newContext({ baseURL, storageState: who === "signed-out" ? undefined : storageStatePath(who) });
}

// CVE-2025-29927 style: a header that once made Next skip middleware. Pages must hold on their own.
const REQUEST_VARIANTS: Array<{ label: string; headers: Record<string, string> }> = [
  { label: "", headers: {} },
  {
    label: " with a forged x-middleware-subrequest header",
    headers: { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
  },
  {
    label: " with a forged src/middleware subrequest header",
    headers: {
      "x-middleware-subrequest": "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware",
    },
  },
];

for (const who of EVERYONE) {
  test.describe(`as ${who}`, () => {
    for (const path of GATED_PATHS) {
      const decision = decideAccess(who === "signed-out" ? null : subjectOf(who), path);
      const named = decision.allowed ? "allowed" : `refused (${decision.reason})`;
      for (const { label, headers } of REQUEST_VARIANTS) {
        test(`${path} is ${named}${label}`, async ({ baseURL }) => {
          const request = await requestAs(who, baseURL!);
          const response = await request.get(path, { maxRedirects: 0, headers });
          const body = await response.text();
          if (decision.allowed) {
            // A page behind a dynamic segment is reached, then finds no record called "sample-id".
            expect(response.status()).toBe(path.includes("sample-id") ? 404 : 200);
            expect(body).not.toContain('data-testid="access-denied"');
          } else if (decision.reason === "signed-out") {
            expect(response.status()).toBe(307);
            expect(response.headers().location).toBe(`/signin?callbackUrl=${encodeURIComponent(path)}`);
          } else {
            expect(decision.reason).toBe("role");
            expect(response.status()).toBe(403);
            expect(body).toContain('data-testid="access-denied"');
            // The 403 page names what the policy says is missing.
            if (!label) expect(body).toContain(CAPABILITY_LABELS[decision.capability!]);
          }
          await request.dispose();
        });
      }
    }
  });
}

// Each dashboard control, as it appears in server-rendered HTML and in the RSC (flight) payload
// that client navigation fetches, and the capability without which it must not be sent at all.
const DASHBOARD_CONTROLS: Array<{
  attribute: string;
  value: string;
  text: string;
  allows: (subject: Subject) => boolean;
}> = [
  { attribute: "data-panel", value: "create", text: "New article", allows: (subject) => can(subject, "create") },
  {
    attribute: "data-control",
    value: "edit-article",
    text: "/editor/articles/",
    allows: (subject) => can(subject, "update"),
  },
  {
    attribute: "data-control",
    value: "delete-article",
    text: "Delete article",
    allows: (subject) => can(subject, "delete"),
  },
  // Any of the admin panel's powers opens it.
  { attribute: "data-panel", value: "admin", text: "Open admin panel", allows: canAdminister },
];

for (const role of SIGNED_IN_ROLES) {
  test(`the dashboard sends a ${role} only the controls the role allows, in HTML and in the RSC payload`, async ({
    baseURL,
  }) => {
    const request = await requestAs(role, baseURL!);
    const html = await (await request.get("/dashboard")).text();
    const rsc = await (await request.get("/dashboard", { headers: { RSC: "1" } })).text();
    expect(html).toContain('data-panel="articles"');
    expect(rsc).toContain('"data-panel":"articles"');
    for (const control of DASHBOARD_CONTROLS) {
      const allowed = control.allows(subjectOf(role));
      const verdict = allowed ? "has" : "lacks";
      expect
        .soft(html.includes(`${control.attribute}="${control.value}"`), `HTML ${verdict} ${control.value}`)
        .toBe(allowed);
      expect.soft(html.includes(control.text), `HTML ${verdict} "${control.text}"`).toBe(allowed);
      expect
        .soft(rsc.includes(`"${control.attribute}":"${control.value}"`), `RSC ${verdict} ${control.value}`)
        .toBe(allowed);
    }
    await request.dispose();
  });
}
