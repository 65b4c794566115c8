import "server-only";
import { READ_ONLY_WHILE_VIEWING_AS } from "@/lib/auth/policy";
import { headers } from "next/headers";
import { authenticationOptions, registrationOptions } from "@/lib/auth/passkeys/ceremonies";
import { optionsRequestSchema } from "@/lib/auth/passkeys/schemas";
import { pendingChallenge } from "@/lib/auth/second-factor/challenge";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { requireFreshAuthentication } from "@/lib/auth/session/fresh-authentication";
import { addressBucket, clientAddress } from "@/lib/http/client-address";
import { BodyTooLarge, readTextCapped } from "@/lib/http/body";
import { errorResponse, internalErrorResponse, jsonResponse } from "@/lib/http/responses";
import { takeAttempt } from "@/lib/rate-limit/throttle";

// POST /api/passkeys/options {"purpose": …}: the options a browser passes to WebAuthn, and the id of
// the stored challenge it must sign. Who may ask depends on the purpose: anyone for signing in with
// a passkey alone (counted per network, since each answer stores a challenge), the holder of a
// sign-in's second-step cookie for that person's passkeys, and a signed-in person for confirming who
// they are, or, with a recent authentication, for adding a passkey. Nothing here changes anything a
// person can see (beyond noting a confirmation of who they are).
const OPTIONS_PER_NETWORK = { limit: 60, windowMs: 15 * 60_000 };

export async function passkeyOptions(request: Request): Promise<Response> {
  try {
    let body: unknown;
    try {
      body = JSON.parse(await readTextCapped(request, 1024));
    } catch (error) {
      if (error instanceof BodyTooLarge) return errorResponse("payload_too_large", "Send at most 1 KB.");
      return errorResponse("invalid_request", 'Send JSON like {"purpose":"sign-in"}.');
    }
    const parsed = optionsRequestSchema.safeParse(body);
    if (!parsed.success) return errorResponse("invalid_request", parsed.error.issues[0]?.message ?? "Invalid request.");
    const requestHeaders = await headers();
    const attempt = await takeAttempt([
      { key: `passkey-options:${addressBucket(clientAddress(requestHeaders))}`, ...OPTIONS_PER_NETWORK },
    ]);
    if (!attempt.allowed)
      return errorResponse("rate_limited", "Too many passkey requests from your network. Wait a few minutes.", {
        "retry-after": String(attempt.retryAfterSeconds),
      });
    const { purpose } = parsed.data;
    if (purpose === "sign-in") return jsonResponse(200, await authenticationOptions("sign-in", null));
    if (purpose === "second-step") {
      const challenge = await pendingChallenge(requestHeaders);
      if (!challenge) return errorResponse("unauthenticated", "Your sign-in expired. Sign in again.");
      return jsonResponse(200, await authenticationOptions("second-step", challenge.personId));
    }
    const person = await getCurrentPerson();
    if (!person) return errorResponse("unauthenticated", "Your session has ended. Sign in again to continue.");
    // Adding a passkey, or confirming with one, is the person's own: never while someone views as them.
    if (person.viewer) return errorResponse("forbidden", READ_ONLY_WHILE_VIEWING_AS);
    if (purpose === "confirm") return jsonResponse(200, await authenticationOptions("confirm", person.id));
    // Adding a passkey needs a recent authentication, checked before the device makes one (a passkey
    // made and then refused would stay on the device, useless). The confirmation fields may come along.
    const refusal = await requireFreshAuthentication(person, parsed.data);
    if (refusal)
      return errorResponse(
        "reauthentication_required",
        refusal.message ?? "Confirm it is you first.",
        {},
        {
          confirmWith: refusal.confirmWith,
        },
      );
    return jsonResponse(200, await registrationOptions(person));
  } catch (error) {
    return internalErrorResponse("route", request, error);
  }
}
