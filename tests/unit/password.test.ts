import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/credentials/hashing";

describe("password hashing", () => {
  it("uses argon2id at OWASP's parameters (m=19 MiB, t=2, p=1) with a random salt", async () => {
    const first = await hashPassword("violet-kettle-orbit-42");
    const second = await hashPassword("violet-kettle-orbit-42");
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("violet-kettle-orbit-42");
    expect(await verifyPassword(stored, "violet-kettle-orbit-42")).toBe(true);
    expect(await verifyPassword(stored, "violet-kettle-orbit-43")).toBe(false);
  });

  it("treats a corrupted stored hash as a failed check, not a crash", async () => {
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });
});
