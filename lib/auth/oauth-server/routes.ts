import type Provider from "oidc-provider";
// @ts-expect-error the library's own per-instance state has no types; see routeOf below.
import instance from "oidc-provider/lib/helpers/weak_cache.js";
import { OAUTH_MOUNT_PATH } from "@/lib/auth/oauth-server/resources";

// Gatehouse decides a few things before the provider answers (throttles, the device page's polls,
// the answers it gives itself). Each is decided on the provider's own route name, found by the
// provider's own router, never by comparing paths: its router folds case and forgives a trailing
// slash, so "/api/oauth/DEVICE" is the device page to it, and a check on the exact path would miss it.

/** The name of the provider's route a request reaches ("token", "code_verification", …), or null. */
export function routeOf(provider: Provider, request: Request): string | null {
  const path = new URL(request.url).pathname.slice(OAUTH_MOUNT_PATH.length) || "/";
  const router = (instance(provider) as { router?: { match(method: string, path: string): unknown } }).router;
  const found = router?.match(request.method, path) as { route?: { name?: string } } | undefined;
  return found?.route?.name ?? null;
}
