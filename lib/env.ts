import { z } from "zod";

// Parsed once, at start-up. Edge-safe: no Node APIs, so middleware can read it too.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default("file:./prisma/dev.db")
    .refine((url) => url.startsWith("file:"), "DATABASE_URL must be a SQLite file: URL such as file:./prisma/dev.db"),
  AUTH_SECRET: z.string().optional(),
  SESSION_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(300, "SESSION_MAX_AGE_SECONDS must be at least 300 (5 minutes)")
    .max(30 * 24 * 3600, "SESSION_MAX_AGE_SECONDS must be at most 2592000 (30 days)")
    .default(8 * 3600),
  // When set (redis://host:port), API rate limits are counted in Redis, shared by every instance.
  RATE_LIMIT_REDIS_URL: z.string().url("RATE_LIMIT_REDIS_URL must be a URL such as redis://127.0.0.1:6379").optional(),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1, "API_RATE_LIMIT_PER_MINUTE must be at least 1").default(600),
  API_IP_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1, "API_IP_RATE_LIMIT_PER_MINUTE must be at least 1").default(1200),
  SESSION_ABSOLUTE_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(300, "SESSION_ABSOLUTE_MAX_AGE_SECONDS must be at least 300 (5 minutes)")
    .max(90 * 24 * 3600, "SESSION_ABSOLUTE_MAX_AGE_SECONDS must be at most 7776000 (90 days)")
    .default(7 * 24 * 3600),
});

export type Env = z.infer<typeof envSchema> & { AUTH_SECRET: string; isProduction: boolean };

const isBuildPhase = process.env.NEXT_PHASE === "phase-production-build";

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Gatehouse cannot start; fix these environment variables:\n${problems}`);
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === "production";
  const secret = env.AUTH_SECRET ?? "";
  if (secret.length < 32 && !isBuildPhase) {
    if (isProduction || secret.length > 0) {
      throw new Error(
        "Gatehouse cannot start: AUTH_SECRET must be set to at least 32 random characters " +
          "(generate one with `openssl rand -base64 33`). See .env.example.",
      );
    }
  }
  return {
    ...env,
    // Outside production an unset secret falls back to a fixed development value so that
    // `next dev` works before .env exists; `npm run demo` writes a random one anyway.
    AUTH_SECRET: secret.length >= 32 ? secret : "development-only-secret-not-for-production-use",
    isProduction,
  };
}

export const env = parseEnv(process.env);
