import { describe, expect, it } from "vitest";
import {
  capabilitiesOf,
  decideAccess,
  holdsAll,
  isCustomRoleName,
  mayActOn,
  mayChangeArticle,
  notHeld,
  parseCapabilities,
} from "@/lib/auth/policy";

// The policy over roles as data: what a custom role carries, whom one may act on, and what a person
// may do to what they wrote. Fast, so a one-line slip here fails in a second.

describe("a custom role's capabilities", () => {
  it("always carry read, keep only known names, include the own form of a wider power, in catalogue order", () => {
    expect(parseCapabilities("manage-access nonsense read-audit")).toEqual(["read", "manage-access", "read-audit"]);
    expect(parseCapabilities("update delete")).toEqual(["read", "update-own", "delete-own", "update", "delete"]);
    expect(parseCapabilities("")).toEqual(["read"]);
    expect(parseCapabilities(undefined)).toEqual(["read"]);
  });

  it("come with the subject for a custom role, from the code for a built-in one, and none without either", () => {
    expect(capabilitiesOf({ role: "support", capabilities: ["manage-access"] })).toEqual(["read", "manage-access"]);
    // A built-in role's are the code's, whatever a subject carries beside it.
    expect(capabilitiesOf({ role: "user", capabilities: ["manage-security"] })).toEqual(["read"]);
    // A custom role whose capabilities were not read is no role: the check fails closed.
    expect(capabilitiesOf({ role: "support" })).toBeNull();
    expect(capabilitiesOf({ role: "support", capabilities: "manage-access" })).toBeNull();
    expect(capabilitiesOf({ role: "Support", capabilities: [] })).toBeNull();
    expect(decideAccess({ role: "support" }, "/dashboard")).toEqual({ allowed: false, reason: "signed-out" });
  });

  it("have names that never pass for something else", () => {
    for (const name of ["support", "auditor", "app-reviewer", "r2"]) expect(isCustomRoleName(name), name).toBe(true);
    for (const name of ["admin", "user", "none", "Support", "a", "__proto__", "2fa", "x".repeat(31), "sup port"])
      expect(isCustomRoleName(name), name).toBe(false);
  });
});

describe("no escalation", () => {
  const support = { role: "support", capabilities: ["manage-access"] };
  it("lets an actor hand on only what they hold, and act only on someone holding no more", () => {
    expect(holdsAll(support, ["read", "manage-access"])).toBe(true);
    expect(holdsAll(support, ["change-roles"])).toBe(false);
    expect(notHeld(support, ["manage-access", "change-roles", "delete"])).toEqual(["change-roles", "delete"]);
    expect(mayActOn(support, { role: "user" })).toBe(true);
    expect(mayActOn(support, { role: "admin" })).toBe(false);
    expect(mayActOn(support, { role: "writer" })).toBe(false);
    expect(mayActOn({ role: "admin" }, support)).toBe(true);
    expect(holdsAll(null, ["read"])).toBe(false);
  });

  it("opens People to changing roles too, and names the capability it was opened by", () => {
    expect(decideAccess({ role: "keeper", capabilities: ["change-roles"] }, "/admin/users")).toEqual({ allowed: true });
    expect(decideAccess({ role: "auditor", capabilities: ["read-audit"] }, "/admin/users")).toEqual({
      allowed: false,
      reason: "role",
      capability: "manage-access",
    });
  });
});

describe("what a person wrote", () => {
  const mine = { authorId: "p1" };
  const theirs = { authorId: "p2" };
  const orphan = { authorId: null };
  it.each([
    [{ id: "p1", role: "writer" }, [true, false, false]],
    [{ id: "p1", role: "editor" }, [true, true, true]],
    [{ id: "p1", role: "user" }, [false, false, false]],
    [{ id: "p1", role: "admin" }, [true, true, true]],
    [{ id: "p1", role: "own", capabilities: ["update-own"] }, [true, false, false]],
    [{ role: "writer" }, [false, false, false]],
  ])("%j may edit: its own, someone else's, one without an author", (subject, expected) => {
    expect([mine, theirs, orphan].map((article) => mayChangeArticle(subject, "update", article))).toEqual(expected);
  });

  it("gives an app acting for itself (a service token) nothing of its owner's as its own", () => {
    expect(mayChangeArticle({ id: "p1", role: "writer", actsAsApp: true }, "update", mine)).toBe(false);
    expect(mayChangeArticle({ id: "p1", role: "editor", actsAsApp: true }, "update", mine)).toBe(true);
  });

  it("lets a writer delete only what they wrote, an admin anything", () => {
    expect(mayChangeArticle({ id: "p1", role: "writer" }, "delete", mine)).toBe(true);
    expect(mayChangeArticle({ id: "p1", role: "writer" }, "delete", theirs)).toBe(false);
    expect(mayChangeArticle({ id: "p1", role: "editor" }, "delete", theirs)).toBe(false);
    expect(mayChangeArticle({ id: "p1", role: "admin" }, "delete", theirs)).toBe(true);
  });
});
