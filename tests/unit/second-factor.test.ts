import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import {
  BUILT_IN_ROLES,
  secondFactorRequired,
  FRESH_AUTHENTICATION_SECONDS,
  decideAccess,
  isAuthenticationFresh,
  mustEnrolSecondFactor,
  parseSecondFactorChoices,
} from "@/lib/auth/policy";
import { normaliseRecoveryCode, newRecoveryCodes } from "@/lib/auth/second-factor/recovery-codes";
import { keyedHash, open, seal } from "@/lib/crypto/secret-box";
import { matchingTotpStep, newTotpSecret, normaliseTotpCode, totpUri } from "@/lib/auth/second-factor/totp";

// The RFC 6238 test vector for SHA-1 (Appendix B): the ASCII secret "12345678901234567890", 8 digits.
// Our codes are 6 digits, the last 6 of the vector's (RFC 4226 truncation is the same, modulo 10^6).
const RFC_SECRET = new Secret({ buffer: new TextEncoder().encode("12345678901234567890").buffer }).base32;

describe("authenticator codes (RFC 6238)", () => {
  it("match the RFC's test vectors", () => {
    const vectors: Array<[number, string]> = [
      [59, "94287082"],
      [1111111109, "07081804"],
      [1234567890, "89005924"],
      [2000000000, "69279037"],
    ];
    for (const [seconds, code] of vectors)
      expect(matchingTotpStep(RFC_SECRET, code.slice(-6), seconds * 1000)).toBe(Math.floor(seconds / 30));
  });

  it("accept one step of drift either way, and nothing further", () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000;
    const codeAt = (offsetSteps: number) =>
      new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: now + offsetSteps * 30_000 });
    const step = Math.floor(now / 30_000);
    expect(matchingTotpStep(secret, codeAt(0), now)).toBe(step);
    expect(matchingTotpStep(secret, codeAt(-1), now)).toBe(step - 1);
    expect(matchingTotpStep(secret, codeAt(1), now)).toBe(step + 1);
    expect(matchingTotpStep(secret, codeAt(2), now)).toBeNull();
    expect(matchingTotpStep(secret, codeAt(-2), now)).toBeNull();
  });

  it("take six digits, with the spaces apps show", () => {
    expect(normaliseTotpCode("123 456")).toBe("123456");
    expect(normaliseTotpCode("12345")).toBeNull();
    expect(normaliseTotpCode("12345a")).toBeNull();
  });

  it("are set up from a URI naming Gatehouse and the person", () => {
    const uri = new URL(totpUri("JBSWY3DPEHPK3PXP", "ada@example.test"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Gatehouse:ada@example.test");
    expect(uri.searchParams.get("secret")).toBe("JBSWY3DPEHPK3PXP");
    expect(uri.searchParams.get("issuer")).toBe("Gatehouse");
  });
});

describe("recovery codes", () => {
  it("are ten different codes of 50 bits, without look-alike characters", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
  });

  it("are read whatever the case, spaces and dash; anything else is not a code", () => {
    expect(normaliseRecoveryCode(" ABCDE FGHJK ")).toBe("abcde-fghjk");
    expect(normaliseRecoveryCode("abcdefghjk")).toBe("abcde-fghjk");
    expect(normaliseRecoveryCode("abcde-fghj0")).toBeNull();
    expect(normaliseRecoveryCode("abcde-fghjkm")).toBeNull();
  });

  it("are stored as a keyed hash, never as themselves", () => {
    expect(keyedHash("abcde-fghjk")).toMatch(/^[0-9a-f]{64}$/);
    expect(keyedHash("abcde-fghjk")).not.toContain("abcde");
    expect(keyedHash("abcde-fghjk")).toBe(keyedHash("abcde-fghjk"));
  });
});

describe("the sealed authenticator secret", () => {
  it("opens only for the person it was sealed for, and not once tampered with", () => {
    const sealed = seal("JBSWY3DPEHPK3PXP", "person-a");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(open(sealed, "person-a")).toBe("JBSWY3DPEHPK3PXP");
    expect(open(sealed, "person-b")).toBeNull();
    // One bit of the ciphertext flipped (a byte after the 12-byte IV and 16-byte tag).
    const raw = Buffer.from(sealed.slice(3), "base64url");
    raw[30] ^= 0x01;
    const tampered = `v1.${raw.toString("base64url")}`;
    expect(open(tampered, "person-a")).toBeNull();
    expect(seal("JBSWY3DPEHPK3PXP", "person-a")).not.toBe(sealed);
  });
});

describe("the policy on second factors and recent authentication", () => {
  const required = (stored: string | undefined, subject: { role: string; capabilities?: string[] }) =>
    secondFactorRequired(subject, parseSecondFactorChoices(stored));

  it("requires a second factor of admins by default, and of any role made to manage people, security or roles", () => {
    expect(BUILT_IN_ROLES.filter((role) => required(undefined, { role }))).toEqual(["admin"]);
    expect(required(undefined, { role: "support", capabilities: ["manage-access"] })).toBe(true);
    expect(required(undefined, { role: "rolesmith", capabilities: ["manage-roles"] })).toBe(true);
    expect(required(undefined, { role: "auditor", capabilities: ["read-audit"] })).toBe(false);
    // A custom role whose capabilities were not read holds nothing, so it requires nothing (it is signed out).
    expect(required(undefined, { role: "support" })).toBe(false);
  });

  it("reads a stored choice per role (and the first version's list); junk falls back to the default", () => {
    expect(BUILT_IN_ROLES.filter((role) => required("[]", { role }))).toEqual([]);
    expect(BUILT_IN_ROLES.filter((role) => required('["writer","admin"]', { role }))).toEqual(["writer", "admin"]);
    // The old list said nothing about custom roles, which follow the default.
    expect(required('["writer"]', { role: "support", capabilities: ["manage-access"] })).toBe(true);
    expect(required('{"support":false}', { role: "support", capabilities: ["manage-access"] })).toBe(false);
    expect(required('{"auditor":true}', { role: "auditor", capabilities: ["read-audit"] })).toBe(true);
    for (const junk of ['["root"]', "{not json", '{"admin":"yes"}', '{"constructor":true}', "null"])
      expect(
        BUILT_IN_ROLES.filter((role) => required(junk, { role })),
        junk,
      ).toEqual(["admin"]);
    // A role literally named like an Object property is read as a name, never as the prototype's.
    expect(required("{}", { role: "constructor", capabilities: [] })).toBe(false);
  });

  it("sends someone whose role requires a second factor to set one up, and nowhere else", () => {
    const choices = parseSecondFactorChoices(undefined);
    expect(mustEnrolSecondFactor({ role: "admin", hasSecondFactor: false }, choices)).toBe(true);
    expect(mustEnrolSecondFactor({ role: "admin", hasSecondFactor: true }, choices)).toBe(false);
    expect(mustEnrolSecondFactor({ role: "writer", hasSecondFactor: false }, choices)).toBe(false);
    const missing = { role: "admin", secondFactorMissing: true };
    const refused = { allowed: false, reason: "second-factor-missing" };
    expect(decideAccess(missing, "/admin")).toEqual(refused);
    expect(decideAccess(missing, "/dashboard")).toEqual(refused);
    expect(decideAccess(missing, "/settings/security")).toEqual({ allowed: true });
    expect(decideAccess(missing, "/")).toEqual({ allowed: true });
    expect(decideAccess(null, "/settings/security")).toEqual({ allowed: false, reason: "signed-out" });
  });

  it("counts an authentication as recent for ten minutes", () => {
    const now = Date.now();
    expect(FRESH_AUTHENTICATION_SECONDS).toBe(600);
    expect(isAuthenticationFresh(new Date(now - 599_000), now)).toBe(true);
    expect(isAuthenticationFresh(new Date(now - 601_000), now)).toBe(false);
  });
});
