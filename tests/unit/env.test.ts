import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

describe("environment", () => {
  it("stops a production start without AUTH_SECRET and names the variable", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET/);
  });

  it("stops a start with a short AUTH_SECRET", () => {
    expect(() => parseEnv({ NODE_ENV: "development", AUTH_SECRET: "too-short" })).toThrow(/at least 32/);
  });

  it("refuses a DATABASE_URL that is neither SQLite nor PostgreSQL, with a readable message", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x", AUTH_SECRET: "s".repeat(40) })).toThrow(
      /DATABASE_URL must be a SQLite file: URL such as file:.\/prisma\/dev.db, or a PostgreSQL URL/,
    );
  });

  it("stops a production start without AUTH_URL and names the variable", () => {
    expect(() =>
      parseEnv({ NODE_ENV: "production", AUTH_SECRET: "s".repeat(40), SMTP_URL: "smtp://127.0.0.1:25" }),
    ).toThrow(/AUTH_URL must be set in production/);
  });

  it("takes private hosts to fetch from only for a Gatehouse on this machine", () => {
    const secret = { AUTH_SECRET: "s".repeat(40), OUTBOUND_ALLOW_HOSTS: "127.0.0.1, Localhost" };
    expect(() => parseEnv({ ...secret, AUTH_URL: "https://gate.example.com" })).toThrow(
      /OUTBOUND_ALLOW_HOSTS: is only for a Gatehouse on this machine/,
    );
    expect(parseEnv({ ...secret, AUTH_URL: "http://localhost:3100" }).OUTBOUND_ALLOW_HOSTS).toEqual([
      "127.0.0.1",
      "localhost",
    ]);
    expect(parseEnv({ AUTH_SECRET: "s".repeat(40) }).OUTBOUND_ALLOW_HOSTS).toEqual([]);
  });

  it("stops a production start without a mail server, and names SMTP_URL", () => {
    expect(() =>
      parseEnv({ NODE_ENV: "production", AUTH_SECRET: "s".repeat(40), AUTH_URL: "https://gate.example.com" }),
    ).toThrow(/SMTP_URL must be set in production/);
    expect(() => parseEnv({ AUTH_SECRET: "s".repeat(40), SMTP_URL: "not a url" })).toThrow(/SMTP_URL must be a URL/);
  });

  it("requires a confirmed address unless REQUIRE_VERIFIED_EMAIL says otherwise, and refuses anything but true or false", () => {
    expect(parseEnv({ AUTH_SECRET: "s".repeat(40) }).REQUIRE_VERIFIED_EMAIL).toBe(true);
    expect(parseEnv({ AUTH_SECRET: "s".repeat(40), REQUIRE_VERIFIED_EMAIL: "false" }).REQUIRE_VERIFIED_EMAIL).toBe(
      false,
    );
    expect(() => parseEnv({ AUTH_SECRET: "s".repeat(40), REQUIRE_VERIFIED_EMAIL: "no" })).toThrow(
      /REQUIRE_VERIFIED_EMAIL must be true or false/,
    );
  });

  it("builds every absolute URL from AUTH_URL, with a localhost default in development", () => {
    expect(parseEnv({ AUTH_SECRET: "s".repeat(40), AUTH_URL: "https://gate.example.com/" }).appOrigin).toBe(
      "https://gate.example.com",
    );
    expect(parseEnv({ AUTH_SECRET: "s".repeat(40), PORT: "4000" }).AUTH_URL).toBe("http://localhost:4000");
  });

  it("defaults to the SQLite file under prisma/ and an 8 hour idle session", () => {
    const env = parseEnv({ AUTH_SECRET: "s".repeat(40) });
    expect(env.DATABASE_URL).toBe("file:./prisma/dev.db");
    expect(env.SESSION_MAX_AGE_SECONDS).toBe(28_800);
    expect(env.isProduction).toBe(false);
  });
});
