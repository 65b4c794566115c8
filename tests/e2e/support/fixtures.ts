// Shared by the specs. Test-only values for a throw-away database: not secrets of any real deployment.
import { BUILT_IN_ROLES } from "@/lib/auth/policy";
import { DEMO_ACCOUNTS, DEMO_CUSTOM_ROLE } from "@/prisma/demo-data";

export const E2E_PORT = 3100;
export const E2E_ORIGIN = `http://localhost:${E2E_PORT}`;
export const E2E_AUTH_SECRET = "e2e-only-secret-for-a-throwaway-database-0123456789";
export const SESSION_COOKIE = "__Secure-authjs.session-token";
export const SESSION_MAX_AGE_SECONDS = 8 * 3600;
// Must match tests/e2e/server.mjs.
export const E2E_METRICS_TOKEN = "e2e-only-metrics-token-0123456789abcdef";

// The seeded demo accounts, as the README lists them.
export const TEST_PEOPLE = DEMO_ACCOUNTS;

/**
 * A client address of its own (a random /64 in IPv6's documentation prefix), as the proxy in front of
 * the e2e server would report it. Sign-ups are limited per network, so tests that create people
 * each come from their own network, as different people would.
 */
export function ownNetwork(): { "x-forwarded-for": string } {
  const group = () => Math.floor(Math.random() * 0x10000).toString(16);
  return { "x-forwarded-for": `2001:db8:${group()}:${group()}::${group()}` };
}

/**
 * Who the shared server has signed in: a demo account for each built-in role, and the demo's custom
 * role (prisma/demo-data.ts), so the generated matrices run over roles as data too.
 */
export const SIGNED_IN_ROLES = [...BUILT_IN_ROLES, DEMO_CUSTOM_ROLE.name] as const;
export type SignedInRole = (typeof SIGNED_IN_ROLES)[number];

/** The policy's subject for one of them: a custom role's capabilities are what the seed stored. */
export function subjectOf(role: SignedInRole) {
  return role === DEMO_CUSTOM_ROLE.name ? { role, capabilities: DEMO_CUSTOM_ROLE.capabilities } : { role };
}

/** The demo account that holds `role`. */
export function accountOf(role: SignedInRole): { email: string; name: string; password: string } {
  return role === DEMO_CUSTOM_ROLE.name ? DEMO_CUSTOM_ROLE.account : TEST_PEOPLE[role];
}

export function storageStatePath(role: SignedInRole): string {
  return `tests/e2e/.auth/${role}.json`;
}

/**
 * A request context with no cookies. `request.newContext()` inside a test takes that test's `use`
 * options, storageState included, so a helper that means "nobody signed in" must say so.
 */
export const NO_COOKIES = { cookies: [], origins: [] };
