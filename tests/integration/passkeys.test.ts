import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { registerWithPassword } from "@/lib/auth/credentials/verify";
import { authenticationOptions, verifyAssertion } from "@/lib/auth/passkeys/ceremonies";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// The server's checks on a passkey's signed answer, against the real database, with answers made by
// a small software authenticator below (ES256, as phones and security keys sign). Each attack changes
// one thing a real authenticator on another site, or a copy of one, would get wrong; the Chromium
// tests (tests/e2e/passkeys.spec.ts) drive the browser's own ceremonies.

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

/** A P-256 public key as COSE (the form WebAuthn stores): {1: 2, 3: -7, -1: 1, -2: x, -3: y} in CBOR. */
function coseKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: "jwk" });
  const x = Buffer.from(jwk.x!, "base64url");
  const y = Buffer.from(jwk.y!, "base64url");
  return Buffer.concat([
    Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]),
    x,
    Buffer.from([0x22, 0x58, 0x20]),
    y,
  ]);
}

type Authenticator = { id: string; privateKey: KeyObject; counter: number };

let counter = 0;
async function personWithPasskey(): Promise<{ personId: string; key: Authenticator }> {
  const created = await registerWithPassword({ email: `pk-${++counter}@example.test`, password: "violet-kettle-42" });
  if (created === "exists") throw new Error("taken");
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const id = b64url(randomBytes(16));
  await db.passkey.create({
    data: { id, userId: created.id, name: "Software key", publicKey: b64url(coseKey(publicKey)) },
  });
  return { personId: created.id, key: { id, privateKey, counter: 0 } };
}

/** What an authenticator answers to `challenge`; `overrides` play the attacker's part. */
function assertion(
  key: Authenticator,
  challenge: string,
  overrides: { origin?: string; rpId?: string; counter?: number; type?: string } = {},
): string {
  const app = new URL(env.AUTH_URL);
  key.counter = overrides.counter ?? key.counter + 1;
  const counterBytes = Buffer.alloc(4);
  counterBytes.writeUInt32BE(key.counter);
  // rpIdHash, flags (user present + user verified), signature counter.
  const authenticatorData = Buffer.concat([sha256(overrides.rpId ?? app.hostname), Buffer.from([0x05]), counterBytes]);
  const clientDataJSON = Buffer.from(
    JSON.stringify({ type: overrides.type ?? "webauthn.get", challenge, origin: overrides.origin ?? app.origin }),
  );
  const signature = sign("sha256", Buffer.concat([authenticatorData, sha256(clientDataJSON)]), key.privateKey);
  return JSON.stringify({
    id: key.id,
    rawId: key.id,
    type: "public-key",
    response: {
      authenticatorData: b64url(authenticatorData),
      clientDataJSON: b64url(clientDataJSON),
      signature: b64url(signature),
    },
    clientExtensionResults: {},
  });
}

async function signInChallenge(personId: string | null = null, purpose: "sign-in" | "second-step" = "sign-in") {
  const { challengeId, options } = await authenticationOptions(purpose, personId);
  return { challengeId, challenge: (JSON.parse(options) as { challenge: string }).challenge };
}

describe("a passkey's signed answer", () => {
  it("signs its owner in once per challenge", async () => {
    const { personId, key } = await personWithPasskey();
    const { challengeId, challenge } = await signInChallenge();
    const answer = assertion(key, challenge);
    expect(await verifyAssertion("sign-in", challengeId, answer, null)).toMatchObject({ ok: true, personId });
    // The same answer again (a replay): the challenge is spent.
    expect(await verifyAssertion("sign-in", challengeId, answer, null)).toEqual({ ok: false, reason: "expired" });
  });

  it("is refused when made for another origin or another relying party", async () => {
    const { key } = await personWithPasskey();
    for (const overrides of [
      { origin: "https://evil.example" },
      { origin: "http://localhost:3999" },
      { rpId: "evil.example" },
      { type: "webauthn.create" },
    ]) {
      const { challengeId, challenge } = await signInChallenge();
      expect(await verifyAssertion("sign-in", challengeId, assertion(key, challenge, overrides), null)).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
  });

  it("is refused when it answers another challenge than the one it names", async () => {
    const { key } = await personWithPasskey();
    const first = await signInChallenge();
    const second = await signInChallenge();
    expect(await verifyAssertion("sign-in", second.challengeId, assertion(key, first.challenge), null)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("does not pass another person's second step", async () => {
    const owner = await personWithPasskey();
    const victim = await personWithPasskey();
    const { challengeId, challenge } = await signInChallenge(victim.personId, "second-step");
    expect(await verifyAssertion("second-step", challengeId, assertion(owner.key, challenge), victim.personId)).toEqual(
      { ok: false, reason: "other-person" },
    );
  });

  it("is refused from a copy whose signature counter is behind, and the counter never goes back", async () => {
    const { personId, key } = await personWithPasskey();
    const first = await signInChallenge();
    expect(
      await verifyAssertion("sign-in", first.challengeId, assertion(key, first.challenge, { counter: 7 }), null),
    ).toMatchObject({ ok: true });
    const copy = await signInChallenge();
    expect(
      await verifyAssertion("sign-in", copy.challengeId, assertion(key, copy.challenge, { counter: 3 }), null),
    ).toMatchObject({ ok: false, reason: "cloned", personId });
    expect((await db.passkey.findUniqueOrThrow({ where: { id: key.id } })).counter).toBe(7n);
  });

  it("is refused for an unknown passkey and for junk", async () => {
    const { key } = await personWithPasskey();
    const stranger = { ...key, id: b64url(randomBytes(16)) };
    const { challengeId, challenge } = await signInChallenge();
    expect(await verifyAssertion("sign-in", challengeId, assertion(stranger, challenge), null)).toEqual({
      ok: false,
      reason: "unknown",
    });
    const other = await signInChallenge();
    expect(await verifyAssertion("sign-in", other.challengeId, "not json", null)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
});
