import { describe, expect, it } from "vitest";
import {
  allowsBrowserCall,
  appInService,
  reviewOfNewApp,
  mayHaveServiceRole,
  scopeWithinRole,
  skipsConsent,
  CAPABILITIES,
  REFUSALS,
  BUILT_IN_ROLES,
  ROUTE_RULES,
  SCOPES,
  can,
  decide,
  decideAccess,
  ruleFor,
  scopeFor,
  type Capability,
  type Need,
  type Refusal,
  type BuiltInRole,
} from "@/lib/auth/policy";

// Written out by hand, not derived from the module: this is the product's promise.
// The admin panel's powers: the built-in admin holds every one, and no other built-in role any.
const NO_ADMIN = {
  "change-roles": false,
  "manage-access": false,
  "read-audit": false,
  "manage-apps": false,
  "manage-security": false,
  "manage-roles": false,
  impersonate: false,
  "manage-webhooks": false,
} as const;
const ALL_ADMIN = {
  "change-roles": true,
  "manage-access": true,
  "read-audit": true,
  "manage-apps": true,
  "manage-security": true,
  "manage-roles": true,
  impersonate: true,
  "manage-webhooks": true,
} as const;
const EXPECTED: Record<BuiltInRole, Record<Capability, boolean>> = {
  user: {
    read: true,
    create: false,
    "update-own": false,
    "delete-own": false,
    update: false,
    delete: false,
    ...NO_ADMIN,
  },
  writer: {
    read: true,
    create: true,
    "update-own": true,
    "delete-own": true,
    update: false,
    delete: false,
    ...NO_ADMIN,
  },
  editor: {
    read: true,
    create: true,
    "update-own": true,
    "delete-own": true,
    update: true,
    delete: false,
    ...NO_ADMIN,
  },
  admin: { read: true, create: true, "update-own": true, "delete-own": true, update: true, delete: true, ...ALL_ADMIN },
};

describe("role × capability", () => {
  for (const role of BUILT_IN_ROLES) {
    for (const capability of CAPABILITIES) {
      it(`${EXPECTED[role][capability] ? "lets" : "does not let"} a ${role} ${capability}`, () => {
        expect(can({ role }, capability)).toBe(EXPECTED[role][capability]);
      });
    }
  }

  it("covers exactly the four roles and thirteen capabilities", () => {
    expect([...BUILT_IN_ROLES].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect([...CAPABILITIES].sort()).toEqual(Object.keys(EXPECTED.user).sort());
  });

  it.each([null, undefined, {}, { role: "superuser" }, { role: "ADMIN" }, { role: 1 }, { role: ["admin"] }])(
    "grants nothing to a subject without a known role: %j",
    (subject) => {
      for (const capability of CAPABILITIES) expect(can(subject, capability)).toBe(false);
    },
  );
});

describe("route rules", () => {
  it.each([
    ["/dashboard", "read"],
    ["/dashboard/anything", "read"],
    ["/dashboard/articles/new", "create"],
    ["/editor", "update"],
    ["/editor/articles/abc", "update"],
    ["/editor/articles", "update"],
    ["/admin", "read-audit"],
    ["/admin/users", "manage-access"],
    ["/admin/users/1", "manage-access"],
    ["/admin/audit/verify", "read-audit"],
    ["/admin/access", "change-roles"],
    ["/admin/apps", "manage-apps"],
    ["/admin/security", "manage-security"],
    ["/admin/webhooks", "manage-webhooks"],
    ["/admin/webhooks/wh_1", "manage-webhooks"],
  ])("%s needs %s", (path, capability) => {
    expect(ruleFor(path)?.capability).toBe(capability);
  });

  it.each(["/", "/signin", "/signup", "/editors", "/administrator", "/dashboards", "/api/health"])(
    "%s is not gated",
    (path) => {
      expect(ruleFor(path)).toBeUndefined();
    },
  );

  it("sends signed-out people to sign in for every gated page", () => {
    for (const rule of ROUTE_RULES)
      expect(decideAccess(null, rule.samplePath)).toEqual({ allowed: false, reason: "signed-out" });
  });

  it("forbids a signed-in person without the capability, and names it", () => {
    const refused = (capability: Capability) => ({ allowed: false, reason: "role", capability });
    expect(decideAccess({ role: "writer" }, "/editor")).toEqual(refused("update"));
    expect(decideAccess({ role: "editor" }, "/admin")).toEqual(refused("read-audit"));
    expect(decideAccess({ role: "editor" }, "/admin/security")).toEqual(refused("manage-security"));
    expect(decideAccess({ role: "user" }, "/dashboard/articles/new")).toEqual(refused("create"));
  });

  it("treats a token with a tampered role as signed out", () => {
    expect(decideAccess({ role: "root" }, "/admin")).toEqual({ allowed: false, reason: "signed-out" });
  });

  it("gives every rule a sample page under its own prefix that resolves back to it", () => {
    for (const rule of ROUTE_RULES) expect(ruleFor(rule.samplePath)).toBe(rule);
  });
});

describe("apps", () => {
  const at = new Date();
  it("serve nobody while the app or its owner is disabled, or until an admin approves a held app", () => {
    const live = { disabledAt: null, review: "approved", owner: { disabledAt: null } };
    expect(appInService(live)).toBe(true);
    expect(appInService({ ...live, disabledAt: at })).toBe(false);
    expect(appInService({ ...live, owner: { disabledAt: at } })).toBe(false);
    expect(appInService({ ...live, review: "pending" })).toBe(false);
    expect(appInService({ ...live, review: "refused" })).toBe(false);
  });
  it("hold a new app for review only while apps are held, and never an admin's", () => {
    expect(reviewOfNewApp({ role: "writer" }, false)).toBe("approved");
    expect(reviewOfNewApp({ role: "writer" }, true)).toBe("pending");
    expect(reviewOfNewApp({ role: "editor" }, true)).toBe("pending");
    expect(reviewOfNewApp({ role: "admin" }, true)).toBe("approved");
  });
  it("get a service role only if they can keep a secret, and skip consent only when first-party", () => {
    expect(mayHaveServiceRole({ kind: "confidential" })).toBe(true);
    expect(mayHaveServiceRole({ kind: "public" })).toBe(false);
    expect(skipsConsent({ firstParty: true, source: "person" })).toBe(true);
    expect(skipsConsent({ firstParty: false, source: "person" })).toBe(false);
    // An app nobody here registered never skips it, whatever its row says.
    expect(skipsConsent({ firstParty: true, source: "dynamic" })).toBe(false);
    expect(skipsConsent({ firstParty: true, source: "document" })).toBe(false);
  });
});

describe("browser calls to the OAuth endpoints (CORS)", () => {
  const spa = { isPublic: true, redirectUris: ["https://spa.example/callback", "http://localhost:5173/cb"] };
  it("come only from a public app's own origins, except userinfo", () => {
    expect(allowsBrowserCall(spa, "https://spa.example", "token")).toBe(true);
    expect(allowsBrowserCall(spa, "http://localhost:5173", "token")).toBe(true);
    for (const origin of ["https://evil.example", "https://spa.example:8443", "http://spa.example", "null"])
      expect(allowsBrowserCall(spa, origin, "token"), origin).toBe(false);
    const web = { ...spa, isPublic: false };
    expect(allowsBrowserCall(web, "https://spa.example", "token")).toBe(false);
    expect(allowsBrowserCall(web, "https://spa.example", "userinfo")).toBe(true);
  });
});

describe("what a role allows of a token's scope", () => {
  it("is said per capability: a writer may create with articles:write and edit only what they wrote", () => {
    expect(scopeWithinRole({ role: "writer" }, "articles:write")).toEqual({
      allows: ["create", "update-own"],
      refuses: ["update"],
    });
    expect(scopeWithinRole({ role: "editor" }, "articles:write")).toEqual({
      allows: ["create", "update-own", "update"],
      refuses: [],
    });
    expect(scopeWithinRole({ role: "user" }, "articles:write")).toEqual({
      allows: [],
      refuses: ["create", "update-own", "update"],
    });
    expect(scopeWithinRole({ role: "writer" }, "articles:delete")).toEqual({
      allows: ["delete-own"],
      refuses: ["delete"],
    });
    expect(scopeWithinRole({ role: "user" }, "articles:delete")).toEqual({
      allows: [],
      refuses: ["delete-own", "delete"],
    });
  });
});

describe("the refusal order (decide)", () => {
  // Every kind of subject against every kind of need: the reason given is the first step, in the
  // order REFUSALS lists, that the subject fails. Each step is said here on its own, as a reader of
  // the policy would check it; decide must compose them in that order and stop at the first.
  const subjects = [null, { role: "root" }].concat(
    BUILT_IN_ROLES.flatMap((role) =>
      [true, false].flatMap((emailVerified) =>
        [true, false].map((secondFactorMissing) => ({ role, emailVerified, secondFactorMissing })),
      ),
    ) as never[],
  ) as Array<{ role: unknown; emailVerified?: boolean; secondFactorMissing?: boolean } | null>;
  const needs: Need[] = [
    "session",
    "standing",
    ...CAPABILITIES.flatMap((capability) => [
      { capability },
      { capability, settingUpSecondFactor: true },
      { capability, scopes: ["articles:read"] },
      { capability, scopes: Object.keys(SCOPES) },
    ]),
  ];
  const options = { requireVerifiedEmail: true };

  function fails(step: Refusal, subject: (typeof subjects)[number], need: Need): boolean {
    const wants = typeof need === "object" ? need : null;
    switch (step) {
      case "signed-out":
        return !subject || !BUILT_IN_ROLES.includes(subject.role as BuiltInRole);
      case "email-unverified":
        return need !== "session" && !subject!.emailVerified;
      case "second-factor-missing":
        return need !== "session" && subject!.secondFactorMissing === true && !wants?.settingUpSecondFactor;
      case "scope":
        return Boolean(wants?.scopes) && !wants!.scopes!.includes(scopeFor(wants!.capability) ?? "none");
      case "role":
        return Boolean(wants) && !can(subject, wants!.capability);
    }
  }

  for (const subject of subjects) {
    it(`for ${JSON.stringify(subject)}, names the first step that fails`, () => {
      for (const need of needs) {
        const first = REFUSALS.find((step) => fails(step, subject, need));
        const decision = decide(subject, need, options);
        expect(decision.allowed ? null : decision.reason, JSON.stringify(need)).toBe(first ?? null);
      }
    });
  }

  it("is the order every entry point applies: middleware's and the page guard's decideAccess is decide on the route's rule", () => {
    const subject = { role: "writer", emailVerified: false, secondFactorMissing: true };
    expect(decideAccess(subject, "/editor", options)).toEqual({ allowed: false, reason: "email-unverified" });
    expect(decideAccess({ ...subject, emailVerified: true }, "/editor", options)).toEqual({
      allowed: false,
      reason: "second-factor-missing",
    });
    expect(decideAccess({ ...subject, emailVerified: true, secondFactorMissing: false }, "/editor", options)).toEqual({
      allowed: false,
      reason: "role",
      capability: "update",
    });
  });
});
