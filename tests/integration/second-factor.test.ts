import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { registerWithPassword } from "@/lib/auth/credentials/verify";
import {
  confirmTotp,
  pendingTotpSecret,
  regenerateRecoveryCodes,
  secondFactorStatus,
  spendSecondFactorCode,
  startTotpEnrolment,
} from "@/lib/auth/second-factor/factors";
import { db } from "@/lib/db";

// The second factor against the real database (SQLite, and PostgreSQL in its pass): codes are used
// once even when two requests race with the same code, and nothing readable is stored.

let counter = 0;
async function personWithApp() {
  const created = await registerWithPassword({ email: `mfa-${++counter}@example.test`, password: "violet-kettle-42" });
  if (created === "exists") throw new Error("taken");
  const secret = await startTotpEnrolment(created.id);
  if (!secret) throw new Error("not started");
  const codes = await confirmTotp(created.id, codeAt(secret, 0));
  if (!codes) throw new Error("not confirmed");
  return { id: created.id, secret, codes };
}

function codeAt(secret: string, offsetSteps: number) {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

describe("second factors", () => {
  it("store the secret sealed and recovery codes hashed", async () => {
    const person = await personWithApp();
    const row = await db.totpFactor.findUniqueOrThrow({ where: { userId: person.id } });
    expect(row.secret).not.toContain(person.secret);
    const hashes = await db.recoveryCode.findMany({ where: { userId: person.id } });
    expect(hashes).toHaveLength(10);
    for (const code of person.codes) expect(JSON.stringify(hashes)).not.toContain(code);
    expect(await pendingTotpSecret(person.id)).toBeNull();
  });

  it("let one of two racing requests with the same code through, on every try", async () => {
    const person = await personWithApp();
    const code = codeAt(person.secret, 1);
    const results = await Promise.all(Array.from({ length: 8 }, () => spendSecondFactorCode(person.id, code)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    // An older step than the one used is refused too.
    expect((await spendSecondFactorCode(person.id, codeAt(person.secret, 0))).ok).toBe(false);
  });

  it("use a recovery code once, even when it races itself; a new set ends the old one", async () => {
    const person = await personWithApp();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => spendSecondFactorCode(person.id, person.codes[3])),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect((await secondFactorStatus(person.id)).recoveryCodesLeft).toBe(9);
    const fresh = await regenerateRecoveryCodes(person.id);
    expect(fresh).toHaveLength(10);
    expect((await spendSecondFactorCode(person.id, person.codes[4])).ok).toBe(false);
    expect(await spendSecondFactorCode(person.id, fresh![0])).toEqual({
      ok: true,
      method: "recovery-code",
      recoveryCodesLeft: 9,
    });
  });

  it("never accept another person's code", async () => {
    const [a, b] = [await personWithApp(), await personWithApp()];
    expect((await spendSecondFactorCode(b.id, a.codes[0])).ok).toBe(false);
    expect((await spendSecondFactorCode(b.id, codeAt(a.secret, 1))).ok).toBe(false);
  });
});
