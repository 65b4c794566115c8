import type { PolicyOptions } from "@/lib/auth/policy";
import { env } from "@/lib/env";

/** What every access question is asked with, from the environment (middleware, guards and the API alike). */
export const policyOptions: PolicyOptions = { requireVerifiedEmail: env.REQUIRE_VERIFIED_EMAIL };
