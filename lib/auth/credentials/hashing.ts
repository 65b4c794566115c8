import { hash, verify } from "@node-rs/argon2";
import { withPasswordWork } from "@/lib/auth/credentials/password-work";

// OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
// `algorithm: 2` is Argon2id (the package exports it as a const enum, which isolated modules cannot inline).
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a new password, in the lane that cannot starve sign-in (may throw PasswordWorkBusy). */
export function hashPassword(password: string): Promise<string> {
  return withPasswordWork("new-password", () => hash(password, ARGON2_OPTIONS));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return withPasswordWork("sign-in", async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      // A malformed stored hash is a failed sign-in, not a crash.
      return false;
    }
  });
}

// Verifying against this when no account matches makes "no such email" take as long as
// "wrong password", so response time does not reveal which emails are registered.
let timingDecoy: Promise<string> | undefined;

export async function burnPasswordCheck(password: string): Promise<void> {
  timingDecoy ??= hash("gatehouse-timing-decoy-password", ARGON2_OPTIONS);
  await verifyPassword(await timingDecoy, password);
}
