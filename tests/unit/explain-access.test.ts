import { describe, expect, it } from "vitest";
import { explainAccess } from "@/lib/auth/policy";

describe("explain access", () => {
  it("walks role → capability → rule for a page that is denied", () => {
    const { allowed, steps } = explainAccess(
      { email: "eda@example.com", role: "editor", disabled: false },
      { path: "/admin/users" },
    );
    expect(allowed).toBe(false);
    expect(steps).toEqual([
      "eda@example.com has the built-in role editor, which carries: read, create, update-own, delete-own, update.",
      "/admin/users matches the rule for /admin/users, which needs manage-access (disable people, end their sessions, revoke their API tokens, reset their two-step sign-in and send them account mail) or change-roles (change people's roles) or impersonate (view Gatehouse as someone else, read-only, for 15 minutes, with a reason (View as)).",
      "editor does not carry manage-access: denied.",
    ]);
  });

  it("allows a capability the role carries", () => {
    expect(
      explainAccess({ email: "w@example.com", role: "writer", disabled: false }, { capability: "create" }).allowed,
    ).toBe(true);
  });

  it("denies everything to a disabled person, whatever the role", () => {
    const { allowed, steps } = explainAccess(
      { email: "a@example.com", role: "admin", disabled: true },
      { capability: "read" },
    );
    expect(allowed).toBe(false);
    expect(steps[0]).toContain("disabled");
  });

  it("says an ungated page is open to anyone", () => {
    expect(explainAccess({ email: "u@example.com", role: "user", disabled: false }, { path: "/signin" })).toMatchObject(
      { allowed: true },
    );
  });
});
