import type { NextRequest } from "next/server";
import type Provider from "oidc-provider";
import { BodyTooLarge, readBodyCapped } from "@/lib/http/body";
import { errorResponse, internalErrorResponse } from "@/lib/http/responses";
import { recordAudit } from "@/lib/audit/record";
import { callNodeHandler } from "@/lib/auth/oauth-server/bridge";
import { deviceFormExpiredPage, tooManyCodesPage } from "@/lib/auth/oauth-server/provider-pages";
import { DEVICE_CODE_FOUND_HEADER, pollsTooSoon, reserveDeviceCodeTry } from "@/lib/auth/oauth-server/device-throttle";
import { clientAddress } from "@/lib/http/client-address";
import { PROVIDER_PAGES_CSP, SIGNED_OUT_FOR_APP_HEADER, oauthProvider } from "@/lib/auth/oauth-server/provider";
import { OAUTH_MOUNT_PATH } from "@/lib/auth/oauth-server/resources";
import { routeOf } from "@/lib/auth/oauth-server/routes";
import { userinfoForApiToken } from "@/lib/auth/oauth-server/userinfo";
import { PROVIDER_SESSION_COOKIE, endGatehouseSessionForApp } from "@/lib/auth/oauth-server/sessions";

import "server-only";

// The OAuth 2.0 / OpenID Connect endpoints (discovery, authorization, token, userinfo, JWKS,
// revocation, introspection, end session, device flow), answered by oidc-provider
// (lib/auth/oauth-server/provider.ts), with what Gatehouse adds in front: a bounded body, the device
// page's session and code throttling, polling too fast, userinfo for API tokens, and ending the
// Gatehouse session when an app signs the person out.

// A token or revocation request is a form of a few hundred bytes.
const BODY_LIMIT_BYTES = 64 * 1024;

async function handle(request: NextRequest): Promise<Response> {
  const response = await answer(request);
  // The provider sets its own policy on what it renders; Gatehouse's answers here get the same.
  if (!response.headers.has("content-security-policy"))
    response.headers.set("content-security-policy", PROVIDER_PAGES_CSP);
  return response;
}

async function answer(request: NextRequest): Promise<Response> {
  try {
    const body =
      request.method === "GET" || request.method === "HEAD"
        ? new Uint8Array()
        : await readBodyCapped(request, BODY_LIMIT_BYTES);
    const provider = await oauthProvider();
    const callProvider = () => callNodeHandler(provider.callback() as never, request, body, OAUTH_MOUNT_PATH);
    const route = routeOf(provider, request);
    if (await lacksDevicePageSession(provider, route, request)) {
      return new Response(deviceFormExpiredPage(`${OAUTH_MOUNT_PATH}/device`), {
        status: 400,
        headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
      });
    }
    if (submitsDeviceCode(route, request, body)) return await throttledDeviceCode(request, callProvider);
    const polled = devicePoll(route, request, body);
    if (polled && (await pollsTooSoon(polled))) {
      const message = "Polling faster than every 5 seconds: wait 5 seconds longer between polls.";
      // OAuth clients read error_description; the rest of Gatehouse's answers say `message`.
      return errorResponse("slow_down", message, {}, { error_description: message });
    }
    const ownAnswer = route === "userinfo" ? await userinfoForApiToken(provider, request) : null;
    if (ownAnswer) return ownAnswer;
    const response = await callProvider();
    const signedOutFor = response.headers.get(SIGNED_OUT_FOR_APP_HEADER);
    if (signedOutFor !== null) {
      response.headers.delete(SIGNED_OUT_FOR_APP_HEADER);
      await endGatehouseSessionForApp(decodeURIComponent(signedOutFor) || null);
    }
    return response;
  } catch (error) {
    if (error instanceof BodyTooLarge)
      return errorResponse("payload_too_large", "The request body is larger than 64 KB.");
    return internalErrorResponse("oauth", request, error);
  }
}

/** A user code entered at the device page: wrong ones count against the network (device-throttle.ts). */
async function throttledDeviceCode(request: NextRequest, callProvider: () => Promise<Response>): Promise<Response> {
  const reservation = await reserveDeviceCodeTry(clientAddress(request.headers));
  if (!reservation.allowed) {
    if (reservation.firstRefusalInWindow)
      await recordAudit({
        action: "app.device_codes_throttled",
        after: { retryAfterSeconds: reservation.retryAfterSeconds },
      });
    return new Response(tooManyCodesPage(reservation.retryAfterSeconds), {
      status: 429,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "retry-after": String(reservation.retryAfterSeconds),
      },
    });
  }
  const response = await callProvider();
  // The confirm page (the code was found) or the way on to sign-in and consent (it was confirmed).
  if (response.headers.has(DEVICE_CODE_FOUND_HEADER) || (response.status >= 300 && response.status < 400))
    await reservation.found();
  response.headers.delete(DEVICE_CODE_FOUND_HEADER);
  return response;
}

/**
 * The device page's answers (entering a code, confirming it) belong to the provider's session that
 * showed the page. Sent without it (no cookie, or one the provider no longer knows), the provider
 * would fail on saving a session that was never stored; the browser is told to open the page again.
 */
async function lacksDevicePageSession(provider: Provider, route: string | null, request: NextRequest) {
  const answersDevicePage = (route === "code_verification" && request.method === "POST") || route === "device_resume";
  if (!answersDevicePage) return false;
  const id = request.cookies.get(PROVIDER_SESSION_COOKIE)?.value;
  return !id || !/^[\w-]{1,64}$/.test(id) || !(await provider.Session.find(id));
}

/** The device code a device polls the token endpoint with, if this request is such a poll. */
function devicePoll(route: string | null, request: NextRequest, body: Uint8Array): string | null {
  if (request.method !== "POST" || route !== "token") return null;
  const form = new URLSearchParams(new TextDecoder().decode(body));
  if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:device_code") return null;
  return form.get("device_code")?.slice(0, 200) || null;
}

/** A submission at the device page that makes the provider look a user code up (entering it, or confirming). */
function submitsDeviceCode(route: string | null, request: NextRequest, body: Uint8Array): boolean {
  if (request.method !== "POST" || route !== "code_verification") return false;
  return new URLSearchParams(new TextDecoder().decode(body)).has("user_code");
}

// app/api/oauth/[...path]/route.ts serves these.
export const GET = handle;
export const POST = handle;
export const OPTIONS = handle;
