import { describe, expect, it } from "vitest";
import { registerWithPassword, verifyCredentials } from "@/lib/auth/credentials/verify";
import { signUpSchema } from "@/lib/auth/credentials/schemas";
import { db } from "@/lib/db";

const PASSWORD = "violet-kettle-orbit-42";

async function signUp(email: string, extra: Record<string, unknown> = {}) {
  return registerWithPassword(signUpSchema.parse({ email, password: PASSWORD, ...extra }));
}

describe("sign-up against a real SQLite file", () => {
  it("creates a person with role user, a normalised email and an argon2id hash", async () => {
    expect(await signUp("  New.Person@Example.com ", { name: "New Person" })).toMatchObject({
      email: "new.person@example.com",
    });
    const row = await db.user.findUniqueOrThrow({ where: { email: "new.person@example.com" } });
    expect(row.role).toBe("user");
    expect(row.name).toBe("New Person");
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
  });

  it("ignores a role in the sign-up body", async () => {
    await signUp("climber@example.com", { role: "admin" });
    const row = await db.user.findUniqueOrThrow({ where: { email: "climber@example.com" } });
    expect(row.role).toBe("user");
  });

  it("answers a second sign-up for the same email without touching the first account", async () => {
    await signUp("taken@example.com");
    const before = await db.user.findUniqueOrThrow({ where: { email: "taken@example.com" } });
    expect(await registerWithPassword({ email: "taken@example.com", password: "another-password-entirely" })).toBe(
      "exists",
    );
    const after = await db.user.findUniqueOrThrow({ where: { email: "taken@example.com" } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(await db.user.count({ where: { email: "taken@example.com" } })).toBe(1);
  });
});

describe("sign-in against a real SQLite file", () => {
  it("accepts the right password, with any capitalisation of the email", async () => {
    await signUp("reader@example.com");
    const user = await verifyCredentials({ email: "Reader@Example.COM", password: PASSWORD });
    expect(user).toMatchObject({ email: "reader@example.com", role: "user", sessionVersion: 1 });
  });

  it("refuses a wrong password, an unknown email and malformed input alike", async () => {
    await signUp("careful@example.com");
    expect(await verifyCredentials({ email: "careful@example.com", password: PASSWORD + "x" })).toBeNull();
    expect(await verifyCredentials({ email: "nobody@example.com", password: PASSWORD })).toBeNull();
    expect(await verifyCredentials({ email: ["careful@example.com"], password: PASSWORD })).toBeNull();
    expect(await verifyCredentials(null)).toBeNull();
  });

  it("refuses a disabled account even with the right password", async () => {
    await signUp("gone@example.com");
    await db.user.update({ where: { email: "gone@example.com" }, data: { disabledAt: new Date() } });
    expect(await verifyCredentials({ email: "gone@example.com", password: PASSWORD })).toBeNull();
  });

  it("refuses a password sign-in for an account that only has an external provider", async () => {
    await db.user.create({ data: { email: "oauth-only@example.com" } });
    expect(await verifyCredentials({ email: "oauth-only@example.com", password: PASSWORD })).toBeNull();
  });
});
