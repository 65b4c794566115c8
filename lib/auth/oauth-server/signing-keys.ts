import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { JWK } from "oidc-provider";
import { open, seal } from "@/lib/crypto/secret-box";
import { db, isPrismaError } from "@/lib/db";

// The keys that sign ID tokens, shared by every instance: stored in the database, sealed with a key
// derived from AUTH_SECRET (a copy of the database alone cannot forge ID tokens). The first instance
// to need them makes one; the others read it.
const SETTING = "oauth.signing-keys";
const PURPOSE = "oauth signing keys";

function newSigningKey(): JWK {
  // RS256 is the one algorithm every OpenID Connect client must accept.
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    ...(privateKey.export({ format: "jwk" }) as JWK),
    kid: randomBytes(9).toString("base64url"),
    use: "sig",
    alg: "RS256",
  };
}

async function readKeys(): Promise<JWK[] | null> {
  const row = await db.setting.findUnique({ where: { key: SETTING } });
  if (!row) return null;
  const plain = open(row.value, SETTING, PURPOSE);
  if (!plain) throw new Error("The OAuth signing keys cannot be opened: AUTH_SECRET changed since they were made.");
  return JSON.parse(plain) as JWK[];
}

/** The signing keys, newest first (the provider signs with the first, and publishes all). */
export async function signingKeys(): Promise<JWK[]> {
  const existing = await readKeys();
  if (existing) return existing;
  try {
    await db.setting.create({
      data: { key: SETTING, value: seal(JSON.stringify([newSigningKey()]), SETTING, PURPOSE) },
    });
  } catch (error) {
    // Another instance made them first: use theirs.
    if (!isPrismaError(error, "P2002")) throw error;
  }
  return (await readKeys())!;
}

/** When the keys last changed (null before the first is made): cheap to ask, to notice a rotation. */
export async function signingKeysVersion(): Promise<string | null> {
  const row = await db.setting.findUnique({ where: { key: SETTING }, select: { updatedAt: true } });
  return row?.updatedAt.toISOString() ?? null;
}

/** How many keys stay published: the one signing now and the ones before it, for tokens they signed. */
const KEYS_KEPT = 3;

/**
 * Adds a new signing key in front (`npm run oauth:rotate-keys`). Running instances sign with it
 * within a minute (lib/auth/oauth-server/provider.ts looks); the previous keys stay published, so ID
 * tokens they signed keep verifying.
 */
export async function rotateSigningKeys(): Promise<{ kid: string; published: number }> {
  const keys = [newSigningKey(), ...(await signingKeys())].slice(0, KEYS_KEPT);
  await db.setting.update({ where: { key: SETTING }, data: { value: seal(JSON.stringify(keys), SETTING, PURPOSE) } });
  return { kid: keys[0].kid!, published: keys.length };
}
