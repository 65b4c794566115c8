import { z } from "zod";

// Parsed once, at start-up. Edge-safe: no Node APIs, so middleware can read it too.
// An empty value (`AUTH_GITHUB_ID=` in .env) means "not configured", the same as leaving it out.
const optionalText = z.preprocess((value) => (value === "" ? undefined : value), z.string().trim().min(1).optional());
const optionalUrl = (message: string) =>
  z.preprocess((value) => (value === "" ? undefined : value), z.string().url(message).optional());

// External sign-in providers: each is on when both its id and secret are set.
const OAUTH_PAIRS = [
  ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET"],
  ["AUTH_GOOGLE_ID", "AUTH_GOOGLE_SECRET"],
  ["AUTH_OIDC_ID", "AUTH_OIDC_SECRET"],
] as const;

/** "250ms", "5s", "30m", "2h" in milliseconds; null for anything else. */
function durationMs(text: string): number | null {
  const match = /^(\d{1,6})(ms|s|m|h)$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as "ms" | "s" | "m" | "h"];
}

function isLoopbackUrl(url: string): boolean {
  const host = URL.parse(url)?.hostname ?? "";
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .default("file:./prisma/dev.db")
      .refine(
        (url) => url.startsWith("file:") || /^postgres(ql)?:\/\/./.test(url),
        "DATABASE_URL must be a SQLite file: URL such as file:./prisma/dev.db, or a PostgreSQL URL such as postgres://user:password@host:5432/gatehouse",
      ),
    // Connections each instance may hold open to PostgreSQL (ignored for SQLite).
    DATABASE_POOL_SIZE: z.coerce
      .number()
      .int()
      .min(1, "DATABASE_POOL_SIZE must be at least 1")
      .max(100, "DATABASE_POOL_SIZE must be at most 100")
      .default(10),
    // How long one statement may run, and how long a request may wait for a pooled connection (or for
    // a new one to open), before the request gets a 503 "try again" (PostgreSQL; SQLite waits up to
    // 5 s for a lock). A lock held too long or a database that stopped answering cannot pile requests
    // up without bound.
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100, "DATABASE_STATEMENT_TIMEOUT_MS must be at least 100")
      .max(600_000, "DATABASE_STATEMENT_TIMEOUT_MS must be at most 600000 (10 minutes)")
      .default(5_000),
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100, "DATABASE_CONNECT_TIMEOUT_MS must be at least 100")
      .max(60_000, "DATABASE_CONNECT_TIMEOUT_MS must be at most 60000")
      .default(3_000),
    // On SIGTERM: how long an instance keeps answering while its readiness probe says 503 (so the load
    // balancer stops sending it traffic), then how long requests in flight get to finish before it exits.
    SHUTDOWN_DRAIN_DELAY_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(60_000, "SHUTDOWN_DRAIN_DELAY_MS must be at most 60000")
      .default(3_000),
    SHUTDOWN_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(1_000, "SHUTDOWN_TIMEOUT_MS must be at least 1000")
      .max(600_000, "SHUTDOWN_TIMEOUT_MS must be at most 600000")
      .default(20_000),
    // How long an audit entry may wait for the sealer (lib/audit/seal.ts) before verification reports it.
    AUDIT_SEAL_LAG_SECONDS: z.coerce
      .number()
      .int()
      .min(5, "AUDIT_SEAL_LAG_SECONDS must be at least 5")
      .max(86_400, "AUDIT_SEAL_LAG_SECONDS must be at most 86400")
      .default(60),
    AUTH_SECRET: z.string().optional(),
    // The public URL people use. Every absolute URL Gatehouse builds (redirects, the origin server
    // actions must come from, the session refresh, links in the API docs) comes from here, never from
    // a request's Host or X-Forwarded-Host header, which a client can write.
    AUTH_URL: optionalUrl("AUTH_URL must be the public URL people use, such as https://gatehouse.example.com"),
    PORT: z.coerce.number().int().min(1).max(65535).optional().catch(undefined),
    SESSION_MAX_AGE_SECONDS: z.coerce
      .number()
      .int()
      .min(300, "SESSION_MAX_AGE_SECONDS must be at least 300 (5 minutes)")
      .max(30 * 24 * 3600, "SESSION_MAX_AGE_SECONDS must be at most 2592000 (30 days)")
      .default(8 * 3600),
    // When set (redis://host:port), API rate limits are counted in Redis, shared by every instance.
    RATE_LIMIT_REDIS_URL: z
      .string()
      .url("RATE_LIMIT_REDIS_URL must be a URL such as redis://127.0.0.1:6379")
      .optional(),
    // The bearer token that reads /api/metrics (Prometheus text). Unset: the endpoint answers 404.
    METRICS_TOKEN: z
      .string()
      .min(32, "METRICS_TOKEN must be at least 32 characters (e.g. openssl rand -hex 32)")
      .optional(),
    API_RATE_LIMIT_PER_MINUTE: z.coerce
      .number()
      .int()
      .min(1, "API_RATE_LIMIT_PER_MINUTE must be at least 1")
      .default(600),
    API_IP_RATE_LIMIT_PER_MINUTE: z.coerce
      .number()
      .int()
      .min(1, "API_IP_RATE_LIMIT_PER_MINUTE must be at least 1")
      .default(1200),
    SESSION_ABSOLUTE_MAX_AGE_SECONDS: z.coerce
      .number()
      .int()
      .min(300, "SESSION_ABSOLUTE_MAX_AGE_SECONDS must be at least 300 (5 minutes)")
      .max(90 * 24 * 3600, "SESSION_ABSOLUTE_MAX_AGE_SECONDS must be at most 7776000 (90 days)")
      .default(7 * 24 * 3600),
    // Proxies you run in front of Gatehouse that append the caller's address to X-Forwarded-For. The
    // client is that many entries from the right; entries further left were written by the client.
    TRUSTED_PROXY_HOPS: z.coerce
      .number()
      .int()
      .min(1, "TRUSTED_PROXY_HOPS must be at least 1")
      .max(10, "TRUSTED_PROXY_HOPS must be at most 10")
      .default(1),
    // Sign-up sends a link to confirm the address; until it is followed, the person can do nothing
    // but ask for it again. "false" lets people in without confirming (not recommended).
    REQUIRE_VERIFIED_EMAIL: z
      .enum(["true", "false", "1", "0"], { error: "REQUIRE_VERIFIED_EMAIL must be true or false" })
      .default("true")
      .transform((value) => value === "true" || value === "1"),
    // Where mail goes: an SMTP server (smtp://user:password@host:587, or smtps:// for TLS from the
    // start). Unset in development, mail is kept in the dev outbox at /dev/outbox instead.
    SMTP_URL: optionalUrl("SMTP_URL must be a URL such as smtp://user:password@smtp.example.com:587").refine(
      (value) => value === undefined || (URL.canParse(value) && /^smtps?:$/.test(new URL(value).protocol)),
      "SMTP_URL must be a URL such as smtp://user:password@smtp.example.com:587",
    ),
    MAIL_FROM: optionalText,
    AUTH_GITHUB_ID: optionalText,
    AUTH_GITHUB_SECRET: optionalText,
    AUTH_GOOGLE_ID: optionalText,
    AUTH_GOOGLE_SECRET: optionalText,
    AUTH_OIDC_ISSUER: optionalUrl(
      "AUTH_OIDC_ISSUER must be the issuer URL, such as https://login.example.com/realms/acme",
    ),
    AUTH_OIDC_ID: optionalText,
    AUTH_OIDC_SECRET: optionalText,
    AUTH_OIDC_NAME: optionalText.pipe(z.string().max(40, "AUTH_OIDC_NAME must be at most 40 characters").optional()),
    // Hosts Gatehouse may fetch from although they are private or loopback addresses (lib/http/outbound.ts),
    // comma-separated: for tests and local development against servers on this machine only. Empty
    // (the default) in production, where it is refused unless AUTH_URL itself is a loopback URL.
    OUTBOUND_ALLOW_HOSTS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((host) => host.trim().toLowerCase())
          .filter(Boolean),
      ),
    // Webhooks (Admin → Webhooks): the waits between attempts to deliver one event, after the first
    // (ms, s, m or h, space-separated). When every attempt failed, the endpoint is paused. The default
    // is the Standard Webhooks schedule, about 28 hours in all.
    WEBHOOK_RETRY_SCHEDULE: z
      .string()
      .default("5s 5m 30m 2h 5h 10h 10h")
      .transform((value, context) => {
        const waits = value
          .trim()
          .split(/[\s,]+/)
          .map(durationMs);
        if (waits.length === 0 || waits.length > 20 || waits.some((wait) => wait === null)) {
          context.addIssue({
            code: "custom",
            message: "WEBHOOK_RETRY_SCHEDULE must be 1 to 20 waits such as 5s 5m 30m 2h (ms, s, m or h)",
          });
          return z.NEVER;
        }
        return waits as number[];
      }),
    // How long one delivery may take, connecting included, before it counts as failed. At most 10 s,
    // well inside the worker's lease (lib/webhooks/worker.ts), so no attempt outlives it.
    WEBHOOK_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100, "WEBHOOK_TIMEOUT_MS must be at least 100")
      .max(10_000, "WEBHOOK_TIMEOUT_MS must be at most 10000")
      .default(5_000),
    // Stream every sealed audit entry to a syslog server (RFC 5424 over TCP, octet-counted; tls:// for
    // TLS as RFC 5425 says), e.g. tls://siem.example.com:6514. Unset: no stream.
    AUDIT_SYSLOG_URL: optionalUrl("AUDIT_SYSLOG_URL must be a URL such as tls://siem.example.com:6514").refine(
      (value) =>
        value === undefined ||
        (URL.canParse(value) && /^(tcp|tls):$/.test(new URL(value).protocol) && new URL(value).port !== ""),
      "AUDIT_SYSLOG_URL must be tcp://host:port or tls://host:port",
    ),
  })
  .superRefine((env, context) => {
    for (const [id, secret] of OAUTH_PAIRS) {
      if (Boolean(env[id]) !== Boolean(env[secret])) {
        context.addIssue({
          code: "custom",
          path: [env[id] ? secret : id],
          message: `set both ${id} and ${secret}, or neither`,
        });
      }
    }
    if (env.OUTBOUND_ALLOW_HOSTS.length && env.AUTH_URL && !isLoopbackUrl(env.AUTH_URL)) {
      context.addIssue({
        code: "custom",
        path: ["OUTBOUND_ALLOW_HOSTS"],
        message:
          "is only for a Gatehouse on this machine (AUTH_URL on localhost or 127.0.0.1): leave it empty, so Gatehouse never fetches from private addresses",
      });
    }
    if (env.AUTH_OIDC_ID && !env.AUTH_OIDC_ISSUER) {
      context.addIssue({
        code: "custom",
        path: ["AUTH_OIDC_ISSUER"],
        message: "AUTH_OIDC_ID is set, so AUTH_OIDC_ISSUER must be too",
      });
    }
  });

export type Env = Omit<z.infer<typeof envSchema>, "AUTH_URL"> & {
  AUTH_SECRET: string;
  /** AUTH_URL, or in development http://localhost:<PORT or 3000>. */
  AUTH_URL: string;
  /** The origin of AUTH_URL: what a same-origin request's Origin header must be. */
  appOrigin: string;
  /** False when AUTH_URL was left out (development only), so a request's own origin stands in. */
  authUrlConfigured: boolean;
  isProduction: boolean;
};

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
  if (isProduction && !env.SMTP_URL && !isBuildPhase) {
    throw new Error(
      "Gatehouse cannot start: SMTP_URL must be set in production, so people can confirm their address and reset their password (see docs/operations.md: Mail).",
    );
  }
  if (isProduction && !env.AUTH_URL && !isBuildPhase) {
    throw new Error(
      "Gatehouse cannot start: AUTH_URL must be set in production to the public URL people use (e.g. https://gatehouse.example.com). See .env.example.",
    );
  }
  const authUrl = env.AUTH_URL ?? `http://localhost:${env.PORT ?? 3000}`;
  return {
    ...env,
    AUTH_URL: authUrl,
    appOrigin: new URL(authUrl).origin,
    authUrlConfigured: Boolean(env.AUTH_URL),
    // Outside production an unset secret falls back to a fixed development value so that
    // `next dev` works before .env exists; `npm run demo` writes a random one anyway.
    AUTH_SECRET: secret.length >= 32 ? secret : "development-only-secret-not-for-production-use",
    isProduction,
  };
}

export const env = parseEnv(process.env);
