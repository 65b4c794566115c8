import "server-only";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { CREDENTIAL_ID } from "@/lib/auth/passkeys/schemas";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// WebAuthn ceremonies through @simplewebauthn/server: what we keep is the glue. The relying party's
// id and origin come from AUTH_URL, never from a request, so a page served under another host name
// cannot get a response Gatehouse accepts. Every challenge is stored, belongs to one purpose (and,
// where known, one person), lives five minutes and is used once: the "used" mark is set by the same
// statement that checks it.

const CHALLENGE_LIFETIME_MS = 5 * 60_000;
const RP_NAME = "Gatehouse";

export type CeremonyPurpose = "register" | "sign-in" | "second-step" | "confirm";

function relyingParty() {
  const url = new URL(env.AUTH_URL);
  return { rpID: url.hostname, origin: url.origin };
}

async function storeChallenge(challenge: string, purpose: CeremonyPurpose, personId: string | null): Promise<string> {
  const now = new Date();
  await db.webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 3600_000) } } });
  const row = await db.webAuthnChallenge.create({
    data: { challenge, purpose, userId: personId, expiresAt: new Date(now.getTime() + CHALLENGE_LIFETIME_MS) },
    select: { id: true },
  });
  return row.id;
}

/** Uses a challenge up; its text when it was live, for this purpose and person, and unused. */
async function spendChallenge(id: string, purpose: CeremonyPurpose, personId: string | null): Promise<string | null> {
  if (!/^[a-z0-9]{20,40}$/.test(id)) return null;
  const { count } = await db.webAuthnChallenge.updateMany({
    where: { id, purpose, userId: personId, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (count !== 1) return null;
  return (await db.webAuthnChallenge.findUnique({ where: { id }, select: { challenge: true } }))?.challenge ?? null;
}

export type CeremonyOptions = { challengeId: string; options: string };

/** Options to create a passkey for a person; their passkeys are excluded (no double registration). */
export async function registrationOptions(person: { id: string; email: string; name: string | null }) {
  const existing = await db.passkey.findMany({ where: { userId: person.id }, select: { id: true, transports: true } });
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: relyingParty().rpID,
    userName: person.email,
    userDisplayName: person.name ?? person.email,
    userID: new TextEncoder().encode(person.id),
    attestationType: "none",
    excludeCredentials: existing.map((passkey) => ({ id: passkey.id, transports: transportsOf(passkey.transports) })),
    // Discoverable, with user verification: a passkey that signs in alone is both factors at once.
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  return {
    challengeId: await storeChallenge(options.challenge, "register", person.id),
    options: JSON.stringify(options),
  } satisfies CeremonyOptions;
}

function transportsOf(stored: string | null): string[] | undefined {
  return stored ? stored.split(",").filter(Boolean) : undefined;
}

/** The browser's JSON, if it names a credential id of the right shape (it is looked up by that id). */
function parseResponse<T>(raw: string): T | null {
  try {
    const value = JSON.parse(raw) as unknown;
    const id = value && typeof value === "object" ? (value as { id?: unknown }).id : undefined;
    return typeof id === "string" && CREDENTIAL_ID.test(id) ? (value as T) : null;
  } catch {
    return null;
  }
}

export type Registered = { ok: true; id: string } | { ok: false; message: string };

/** Checks the browser's answer and stores the passkey under `name`. */
export async function finishRegistration(
  personId: string,
  challengeId: string,
  rawResponse: string,
  name: string,
): Promise<Registered> {
  const response = parseResponse<RegistrationResponseJSON>(rawResponse);
  const challenge = await spendChallenge(challengeId, "register", personId);
  if (!response || !challenge) return { ok: false, message: "That passkey request expired. Try again." };
  const { rpID, origin } = relyingParty();
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
    });
  } catch {
    return { ok: false, message: "The passkey could not be verified. Try again." };
  }
  if (!verified.verified) return { ok: false, message: "The passkey could not be verified. Try again." };
  const { credential, credentialBackedUp } = verified.registrationInfo;
  if (await db.passkey.findUnique({ where: { id: credential.id }, select: { id: true } }))
    return { ok: false, message: "That passkey is already registered." };
  await db.passkey.create({
    data: {
      id: credential.id,
      userId: personId,
      name,
      publicKey: Buffer.from(credential.publicKey).toString("base64url"),
      counter: BigInt(credential.counter),
      transports: credential.transports?.join(",") ?? null,
      backedUp: credentialBackedUp,
    },
  });
  return { ok: true, id: credential.id };
}

/**
 * Options to sign with a passkey: for signing in alone (any discoverable passkey, `personId` null),
 * or for one person's second step or confirmation (only their passkeys).
 */
export async function authenticationOptions(
  purpose: Exclude<CeremonyPurpose, "register">,
  personId: string | null,
): Promise<CeremonyOptions> {
  const allowed = personId
    ? await db.passkey.findMany({ where: { userId: personId }, select: { id: true, transports: true } })
    : [];
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    allowCredentials: allowed.map((passkey) => ({ id: passkey.id, transports: transportsOf(passkey.transports) })),
    userVerification: purpose === "sign-in" ? "required" : "preferred",
  });
  return { challengeId: await storeChallenge(options.challenge, purpose, personId), options: JSON.stringify(options) };
}

export type Asserted =
  | { ok: true; personId: string; passkeyId: string }
  | { ok: false; reason: "cloned"; personId: string; passkeyName: string }
  | { ok: false; reason: "expired" | "unknown" | "other-person" | "invalid" };

/**
 * Checks a signed challenge: live and unused, signed by a passkey Gatehouse knows, of `personId`
 * when one is expected, with a signature counter that moved on (a copied authenticator's does not).
 */
export async function verifyAssertion(
  purpose: Exclude<CeremonyPurpose, "register">,
  challengeId: string,
  rawResponse: string,
  personId: string | null,
): Promise<Asserted> {
  const response = parseResponse<AuthenticationResponseJSON>(rawResponse);
  // Spent whatever the answer is: a challenge gets one try.
  const challenge = await spendChallenge(challengeId, purpose, personId);
  if (!challenge) return { ok: false, reason: "expired" };
  if (!response) return { ok: false, reason: "invalid" };
  const passkey = await db.passkey.findUnique({ where: { id: response.id } });
  if (!passkey) return { ok: false, reason: "unknown" };
  if (personId && passkey.userId !== personId) return { ok: false, reason: "other-person" };
  const cloned = { ok: false, reason: "cloned", personId: passkey.userId, passkeyName: passkey.name } as const;
  const { rpID, origin } = relyingParty();
  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, "base64url")),
        counter: Number(passkey.counter),
        transports: transportsOf(passkey.transports),
      },
      requireUserVerification: purpose === "sign-in",
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    return /counter/i.test(message) ? cloned : { ok: false, reason: "invalid" };
  }
  if (!verified.verified) return { ok: false, reason: "invalid" };
  const newCounter = BigInt(verified.authenticationInfo.newCounter);
  // The counter only moves forward, also when two sign-ins with one passkey race (or one is replayed).
  const { count } = await db.passkey.updateMany({
    where: { id: passkey.id, counter: newCounter > 0n ? { lt: newCounter } : { equals: 0n } },
    data: { counter: newCounter, lastUsedAt: new Date() },
  });
  if (count !== 1) return cloned;
  return { ok: true, personId: passkey.userId, passkeyId: passkey.id };
}
