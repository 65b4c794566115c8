// Shared by the e2e server script (which creates these people in a fresh database) and the specs.
// Test-only values for a throw-away database: not secrets of any real deployment.
import type { Role } from "@/lib/auth/policy";

export const E2E_PORT = 3100;
export const E2E_ORIGIN = `http://localhost:${E2E_PORT}`;
export const E2E_AUTH_SECRET = "e2e-only-secret-for-a-throwaway-database-0123456789";
export const SESSION_COOKIE = "__Secure-authjs.session-token";
export const SESSION_MAX_AGE_SECONDS = 8 * 3600;

export const TEST_PEOPLE: Record<Role, { email: string; name: string; password: string }> = {
  user: { email: "e2e-user@gatehouse.test", name: "Test User", password: "e2e-user-password-unique" },
  writer: { email: "e2e-writer@gatehouse.test", name: "Test Writer", password: "e2e-writer-password-unique" },
  editor: { email: "e2e-editor@gatehouse.test", name: "Test Editor", password: "e2e-editor-password-unique" },
  admin: { email: "e2e-admin@gatehouse.test", name: "Test Admin", password: "e2e-admin-password-unique" },
};

export function storageStatePath(role: Role): string {
  return `tests/e2e/.auth/${role}.json`;
}
