import "server-only";
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { open, seal } from "@/lib/crypto/secret-box";

// An endpoint's signing secret, and the headers every delivery carries, as the Standard Webhooks
// specification defines them (the standardwebhooks library signs; receivers verify with the same
// library in any language). Secrets are stored sealed, bound to their endpoint.

const PURPOSE = "webhook secret";

/** A new secret: "whsec_" and 32 random bytes in base64, the specification's form. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export const sealSecret = (secret: string, endpointId: string) => seal(secret, endpointId, PURPOSE);

export const openSecret = (sealed: string, endpointId: string) => open(sealed, endpointId, PURPOSE);

/**
 * The three headers for one attempt: the message id (the same on every attempt), the time of this
 * attempt, and one signature per secret still valid (the new one and, during a rotation, the old),
 * space-separated, so a receiver holding either verifies.
 */
export function signedHeaders(messageId: string, payload: string, secrets: string[], at = new Date()) {
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": secrets.map((secret) => new Webhook(secret).sign(messageId, at, payload)).join(" "),
  };
}
