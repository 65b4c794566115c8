import { hash, verify } from "@node-rs/argon2";

// OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
// `algorithm: 2` is Argon2id (the package exports it as a const enum, which isolated modules cannot inline).
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed sign-in, not a crash.
    return false;
  }
}

// Verifying against this when no account matches makes "no such email" take as long as
// "wrong password", so response time does not reveal which emails are registered.
let timingDecoy: Promise<string> | undefined;

export async function burnPasswordCheck(password: string): Promise<void> {
  timingDecoy ??= hashPassword("gatehouse-timing-decoy-password");
  await verifyPassword(await timingDecoy, password);
}
