import "server-only";
import { db } from "@/lib/db";
import { endAccess } from "@/lib/auth/end-access";
import { open, seal } from "@/lib/crypto/secret-box";
import { matchingTotpStep, newTotpSecret, normaliseTotpCode } from "@/lib/auth/second-factor/totp";
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from "@/lib/auth/second-factor/recovery-codes";

// A person's second factors: the authenticator app and its recovery codes. Every query on those
// tables is here.

export type SecondFactorStatus = {
  /** An authenticator app is set up and confirmed: sign-in asks for a code. */
  totp: boolean;
  /** Set up but not confirmed with a first code yet: it does not count. */
  totpPending: boolean;
  recoveryCodesLeft: number;
  /** Passkeys count as a second factor too (lib/auth/passkeys). */
  passkeys: number;
};

export async function secondFactorStatus(personId: string): Promise<SecondFactorStatus> {
  const [factor, recoveryCodesLeft, passkeys] = await Promise.all([
    db.totpFactor.findUnique({ where: { userId: personId }, select: { confirmedAt: true } }),
    db.recoveryCode.count({ where: { userId: personId, usedAt: null } }),
    db.passkey.count({ where: { userId: personId } }),
  ]);
  return {
    totp: Boolean(factor?.confirmedAt),
    totpPending: Boolean(factor && !factor.confirmedAt),
    recoveryCodesLeft,
    passkeys,
  };
}

/** Whether a password sign-in must pass a second step: an app in force, or a passkey. */
export async function hasSecondFactor(personId: string): Promise<boolean> {
  const status = await secondFactorStatus(personId);
  return status.totp || status.passkeys > 0;
}

/**
 * Starts setting up an authenticator app: a new secret, not yet in force. Returns null when one is
 * already confirmed (it must be removed first, with a fresh authentication).
 */
export async function startTotpEnrolment(personId: string): Promise<string | null> {
  const existing = await db.totpFactor.findUnique({ where: { userId: personId }, select: { confirmedAt: true } });
  if (existing?.confirmedAt) return null;
  const secret = newTotpSecret();
  const sealed = seal(secret, personId);
  await db.totpFactor.upsert({
    where: { userId: personId },
    create: { userId: personId, secret: sealed },
    update: { secret: sealed, lastUsedStep: null },
  });
  return secret;
}

/** The secret being set up (for its QR code), or null when none is pending. */
export async function pendingTotpSecret(personId: string): Promise<string | null> {
  const factor = await db.totpFactor.findUnique({ where: { userId: personId } });
  if (!factor || factor.confirmedAt) return null;
  return open(factor.secret, personId);
}

/**
 * Confirms the pending app with its first code; on success it is in force and a fresh set of
 * recovery codes replaces any old one. Returns the codes (to show once) or null for a wrong code.
 */
export async function confirmTotp(personId: string, input: string): Promise<string[] | null> {
  const code = normaliseTotpCode(input);
  const secret = code ? await pendingTotpSecret(personId) : null;
  const step = secret && code ? matchingTotpStep(secret, code) : null;
  if (step === null) return null;
  const codes = newRecoveryCodes();
  const confirmed = await db.$transaction(async (tx) => {
    const { count } = await tx.totpFactor.updateMany({
      where: { userId: personId, confirmedAt: null },
      data: { confirmedAt: new Date(), lastUsedStep: step },
    });
    if (count !== 1) return false;
    await tx.recoveryCode.deleteMany({ where: { userId: personId } });
    await tx.recoveryCode.createMany({
      data: codes.map((recoveryCode) => ({ userId: personId, codeHash: hashRecoveryCode(recoveryCode) })),
    });
    return true;
  });
  return confirmed ? codes : null;
}

/** Drops a setup that was never confirmed. */
export async function cancelTotpEnrolment(personId: string): Promise<void> {
  await db.totpFactor.deleteMany({ where: { userId: personId, confirmedAt: null } });
}

/** Turns the authenticator app off and ends its recovery codes. Returns whether there was one. */
export async function removeSecondFactor(personId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.totpFactor.deleteMany({ where: { userId: personId } });
    await tx.recoveryCode.deleteMany({ where: { userId: personId } });
    return count > 0;
  });
}

/** An admin's reset: the app, the codes and the passkeys go, and every session of the person ends. */
export async function resetSecondFactor(personId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const apps = await tx.totpFactor.deleteMany({ where: { userId: personId } });
    const passkeys = await tx.passkey.deleteMany({ where: { userId: personId } });
    await tx.recoveryCode.deleteMany({ where: { userId: personId } });
    const removed = apps.count + passkeys.count > 0;
    // Whoever could pass the second step no longer can: every session and sign-in under way ends;
    // API tokens and app access stay (the person's own, made with a factor that was theirs).
    if (removed) await endAccess(tx, personId, { apiAccess: false });
    return removed;
  });
}

/** A new set of recovery codes; the old set stops working. Null without a second factor. */
export async function regenerateRecoveryCodes(personId: string): Promise<string[] | null> {
  if (!(await hasSecondFactor(personId))) return null;
  const codes = newRecoveryCodes();
  await db.$transaction(async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId: personId } });
    await tx.recoveryCode.createMany({
      data: codes.map((recoveryCode) => ({ userId: personId, codeHash: hashRecoveryCode(recoveryCode) })),
    });
  });
  return codes;
}

export type CodeCheck =
  { ok: true; method: "totp" } | { ok: true; method: "recovery-code"; recoveryCodesLeft: number } | { ok: false };

/**
 * Checks a code from the app or a recovery code, and uses it up: the check and the "used" mark are
 * one statement, so two requests with the same code cannot both pass (on one instance or two).
 */
export async function spendSecondFactorCode(personId: string, input: string): Promise<CodeCheck> {
  const totpCode = normaliseTotpCode(input);
  if (totpCode) {
    const factor = await db.totpFactor.findUnique({ where: { userId: personId } });
    const secret = factor?.confirmedAt ? open(factor.secret, personId) : null;
    const step = secret ? matchingTotpStep(secret, totpCode) : null;
    if (step === null) return { ok: false };
    const { count } = await db.totpFactor.updateMany({
      where: {
        userId: personId,
        confirmedAt: { not: null },
        OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }],
      },
      data: { lastUsedStep: step },
    });
    return count === 1 ? { ok: true, method: "totp" } : { ok: false };
  }
  const recoveryCode = normaliseRecoveryCode(input);
  if (!recoveryCode) return { ok: false };
  const { count } = await db.recoveryCode.updateMany({
    where: { userId: personId, codeHash: hashRecoveryCode(recoveryCode), usedAt: null },
    data: { usedAt: new Date() },
  });
  if (count !== 1) return { ok: false };
  const recoveryCodesLeft = await db.recoveryCode.count({ where: { userId: personId, usedAt: null } });
  return { ok: true, method: "recovery-code", recoveryCodesLeft };
}
