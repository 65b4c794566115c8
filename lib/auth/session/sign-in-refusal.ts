import "server-only";
import { AuthError } from "next-auth";
import { isDatabaseUnavailable } from "@/lib/server/database-outage";

/**
 * Whether an error from Auth.js's signIn() means the sign-in was refused (wrong password, a code that
 * does not match, throttled...). Auth.js wraps every failure inside a provider in an AuthError, a
 * database that did not answer included; that one is not a refusal ("wrong password" would be a lie),
 * so it is left to propagate and becomes a 503 "try again" (lib/server/database-outage.ts).
 */
export function isSignInRefusal(error: unknown): error is AuthError {
  return error instanceof AuthError && !isDatabaseUnavailable(error);
}
