import { createHash, randomUUID } from "node:crypto";
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { registerWithPassword } from "@/lib/auth/credentials/verify";
import { authenticateBearer } from "@/lib/auth/guards/bearer";
import { htuFor, verifyDpopProof } from "@/lib/auth/oauth-server/dpop";
import { HttpError } from "@/lib/http/errors";
import { appOf, grantOf } from "./support/oauth";

// DPoP proofs at Gatehouse's resource servers (RFC 9449 §4.3, §7.1), checked one rule at a time:
// each proof below is right but for one thing.

const TOKEN = "an-access-token-bound-to-the-key-below";
const request = new Request("http://localhost:3000/api/v1/articles?limit=5", { method: "GET" });

async function keyPair() {
  const pair = await generateKeyPair("ES256");
  return {
    ...pair,
    jwk: await exportJWK(pair.publicKey),
    thumbprint: await calculateJwkThumbprint(await exportJWK(pair.publicKey)),
  };
}

async function proof(
  key: Awaited<ReturnType<typeof keyPair>>,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
) {
  return new SignJWT({
    htm: "GET",
    htu: "http://localhost:3000/api/v1/articles",
    jti: randomUUID(),
    ath: createHash("sha256").update(TOKEN).digest("base64url"),
    iat: Math.floor(Date.now() / 1000),
    ...claims,
  })
    .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: key.jwk, ...header })
    .sign(key.privateKey);
}

const withProof = (value: string) =>
  new Request(request.url, { method: "GET", headers: { dpop: value, authorization: `DPoP ${TOKEN}` } });

describe("a DPoP proof", () => {
  it("holds when it is fresh, for this method, URL and token, and signed by the bound key", async () => {
    const key = await keyPair();
    expect(htuFor(request)).toBe("http://localhost:3000/api/v1/articles");
    expect(await verifyDpopProof(withProof(await proof(key)), TOKEN, key.thumbprint)).toBeNull();
  });

  it("is refused when any one thing is wrong", async () => {
    const key = await keyPair();
    const other = await keyPair();
    const cases: Array<[string, Promise<string>]> = [
      ["another method", proof(key, { htm: "POST" })],
      ["another URL", proof(key, { htu: "http://localhost:3000/api/v1/other" })],
      ["another host", proof(key, { htu: "https://evil.example/api/v1/articles" })],
      ["another token", proof(key, { ath: createHash("sha256").update("other").digest("base64url") })],
      ["too old", proof(key, { iat: Math.floor(Date.now() / 1000) - 600 })],
      ["from the future", proof(key, { iat: Math.floor(Date.now() / 1000) + 600 })],
      ["no jti", proof(key, { jti: "" })],
      ["another type", proof(key, {}, { typ: "JWT" })],
      ["another key", proof(other)],
    ];
    for (const [what, made] of cases) {
      expect(await verifyDpopProof(withProof(await made), TOKEN, key.thumbprint), what).not.toBeNull();
    }
    expect(await verifyDpopProof(request, TOKEN, key.thumbprint)).toMatchObject({ error: "invalid_token" });
    expect(await verifyDpopProof(withProof("not-a-jwt"), TOKEN, key.thumbprint)).toMatchObject({
      error: "invalid_dpop_proof",
    });
  });

  it("works once: the same proof again is a replay", async () => {
    const key = await keyPair();
    const once = await proof(key);
    expect(await verifyDpopProof(withProof(once), TOKEN, key.thumbprint)).toBeNull();
    expect(await verifyDpopProof(withProof(once), TOKEN, key.thumbprint)).toMatchObject({
      error: "invalid_dpop_proof",
      description: expect.stringContaining("used before"),
    });
  });
});

describe("the API's bearer guard", () => {
  async function boundToken() {
    const key = await keyPair();
    const created = await registerWithPassword({
      email: `dpop-${randomUUID()}@example.test`,
      password: "violet-kettle-42",
    });
    if (created === "exists") throw new Error("taken");
    const person = { id: created.id, email: "x@example.test" };
    const { appId } = await appOf(person);
    const { accessToken } = await grantOf(person, appId, "articles:read", { boundTo: key.thumbprint });
    return { key, accessToken };
  }
  const call = (authorization: string, dpop?: string) =>
    authenticateBearer(
      new NextRequest("http://localhost:3000/api/v1/articles", {
        headers: { authorization, ...(dpop ? { dpop } : {}) },
      }),
    );
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => (error instanceof HttpError ? { status: error.status, code: error.code } : error),
    );

  it("refuses a DPoP-bound token sent as Bearer, and takes it as DPoP with a proof from its key", async () => {
    const { key, accessToken } = await boundToken();
    expect(await refusal(call(`Bearer ${accessToken}`))).toEqual({ status: 401, code: "invalid_token" });
    expect(await refusal(call(`DPoP ${accessToken}`))).toEqual({ status: 401, code: "invalid_token" });
    const other = await keyPair();
    const proofFrom = (signer: typeof key) =>
      proof(signer, { ath: createHash("sha256").update(accessToken).digest("base64url") });
    expect(await refusal(call(`DPoP ${accessToken}`, await proofFrom(other)))).toEqual({
      status: 401,
      code: "invalid_token",
    });
    const accepted = await call(`DPoP ${accessToken}`, await proofFrom(key));
    expect(accepted).toMatchObject({ kind: "app", scopes: ["articles:read"] });
  });

  it("refuses an unbound token sent as DPoP", async () => {
    const created = await registerWithPassword({
      email: `dpop-${randomUUID()}@example.test`,
      password: "violet-kettle-42",
    });
    if (created === "exists") throw new Error("taken");
    const person = { id: created.id, email: "y@example.test" };
    const { appId } = await appOf(person);
    const { accessToken } = await grantOf(person, appId);
    expect(await call(`Bearer ${accessToken}`)).toMatchObject({ kind: "app" });
    expect(await refusal(call(`DPoP ${accessToken}`))).toEqual({ status: 401, code: "invalid_token" });
  });
});
