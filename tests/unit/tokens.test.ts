import { describe, expect, it } from "vitest";
import {
  CAPABILITIES,
  BUILT_IN_ROLES,
  SCOPES,
  can,
  scopeFor,
  tokenCan,
  type Scope,
  ADMIN_CAPABILITIES,
} from "@/lib/auth/policy";
import { createTokenSchema } from "@/lib/tokens/schemas";
import { generateToken, hashToken, looksLikeToken } from "@/lib/tokens/secret";

describe("token secrets", () => {
  it("are gat_ plus 256 random bits, stored only as a SHA-256 hash", () => {
    const { token, tokenHash, prefix } = generateToken();
    expect(token).toMatch(/^gat_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), "base64url")).toHaveLength(32);
    expect(tokenHash).toBe(hashToken(token));
    expect(tokenHash).not.toContain(token.slice(4));
    expect(token.startsWith(prefix)).toBe(true);
    expect(prefix).toHaveLength(10);
    expect(generateToken().token).not.toBe(token);
  });

  it.each(["gat_short", `ghp_${"a".repeat(43)}`, `gat_${"a".repeat(42)}!`, ""])(
    "does not mistake %j for a token",
    (value) => {
      expect(looksLikeToken(value)).toBe(false);
    },
  );
});

describe("what a token may do: scopes ∩ the owner's role", () => {
  const everyScopeSet: Scope[][] = [
    [],
    ["articles:read"],
    ["articles:write"],
    ["articles:delete"],
    ["articles:read", "articles:write", "articles:delete"],
  ];
  for (const role of BUILT_IN_ROLES) {
    for (const scopes of everyScopeSet) {
      it(`a ${role}'s token with [${scopes.join(", ")}]`, () => {
        for (const capability of CAPABILITIES) {
          const scope = scopeFor(capability);
          const expected = Boolean(scope && scopes.includes(scope)) && can({ role }, capability);
          expect(tokenCan({ scopes, owner: { role: role } }, capability).allowed, capability).toBe(expected);
        }
      });
    }
  }

  it.each(ADMIN_CAPABILITIES)("never lets a token use the admin panel's %s, whatever its scopes", (capability) => {
    expect(tokenCan({ scopes: Object.keys(SCOPES), owner: { role: "admin" } }, capability)).toEqual({
      allowed: false,
      reason: "scope",
      capability,
      scope: undefined,
    });
  });

  it("says whether the scope or the role was missing", () => {
    expect(tokenCan({ scopes: ["articles:read"], owner: { role: "admin" } }, "create")).toEqual({
      allowed: false,
      reason: "scope",
      capability: "create",
      scope: "articles:write",
    });
    expect(tokenCan({ scopes: ["articles:delete"], owner: { role: "writer" } }, "delete")).toEqual({
      allowed: false,
      reason: "role",
      capability: "delete",
      scope: "articles:delete",
    });
  });
});

describe("token form validation", () => {
  it("defaults to 30 days and de-duplicates scopes", () => {
    expect(createTokenSchema.parse({ name: " CI ", scopes: "articles:read,articles:read" })).toEqual({
      name: "CI",
      expiresIn: "30",
      scopes: ["articles:read"],
    });
  });

  it.each([
    [{ name: "x" }, "scopes", "Choose at least one scope."],
    [{ name: "x", scopes: "articles:admin" }, "scopes", "That is not a scope Gatehouse knows."],
    [{ name: "", scopes: "articles:read" }, "name", "Give the token a name."],
    [{ name: "x", scopes: "articles:read", expiresIn: "3650" }, "expiresIn", "Choose when the token expires."],
  ])("refuses %j with a message on %s", (input, field, message) => {
    const result = createTokenSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((issue) => issue.path[0] === field)?.message).toBe(message);
  });
});
