import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { mayGiveAppsAccess, skipsConsent } from "@/lib/auth/policy";
import { policyOptions } from "@/lib/auth/edge/policy-options";
import { signInPathFor } from "@/lib/auth/edge/redirects";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { env } from "@/lib/env";
import { BodyTooLarge, readTextCapped } from "@/lib/http/body";
import { errorResponse, internalErrorResponse } from "@/lib/http/responses";
import {
  INTERACTION_COOKIE,
  consentRequest,
  deny,
  grantConsent,
  pendingInteraction,
  signIn,
} from "@/lib/auth/oauth-server/interaction";

// Where the provider sends the browser for each authorization request (GET), and where the consent
// form answers (POST); app/(auth)/oauth/interaction/[uid]/route.ts serves them. Gatehouse's own
// session says who is signed in; the consent page (…/[uid]/consent) shows what the app asks for and
// explains every problem.

const seeOther = (path: string) => NextResponse.redirect(new URL(path, env.appOrigin), 303);
const consentPage = (uid: string) => `/oauth/interaction/${uid}/consent`;

/**
 * After the consent form, the way back to the app is a new navigation, not a redirect: the page's
 * Content-Security-Policy (form-action 'self') governs every redirect that follows a form
 * submission, and the app's redirect URI is on another origin.
 */
function continueTo(url: string): Response {
  const href = new URL(url, env.appOrigin).href.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Returning to the app · Gatehouse</title></head><body><p>Returning you to the app… <a href="${href}">Continue</a></p></body></html>`,
    { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } },
  );
}

/**
 * Next's client router fetches a route's RSC payload before navigating and, when the answer is not
 * one, navigates again for real: a route with side effects would run twice (the second time finding
 * the request already answered). Such fetches get an inert answer, which makes the router navigate.
 */
function isRouterFetch(request: NextRequest): boolean {
  return request.headers.has("rsc") || request.headers.has("next-router-prefetch");
}

export async function GET(request: NextRequest, { params }: RouteContext<"/oauth/interaction/[uid]">) {
  const { uid } = await params;
  if (isRouterFetch(request))
    return new Response("Continue in the browser.", { headers: { "content-type": "text/plain" } });
  try {
    const interaction = await pendingInteraction(uid, request.cookies.get(INTERACTION_COOKIE)?.value);
    if (!interaction) return seeOther(consentPage(uid));
    const person = await getCurrentPerson();
    if (!person) return seeOther(signInPathFor(`/oauth/interaction/${uid}`));
    if (!mayGiveAppsAccess(person, policyOptions)) return seeOther(consentPage(uid));
    // The provider asks who is signed in, or remembers someone else: the Gatehouse session answers.
    if (interaction.prompt.name === "login" || interaction.session?.accountId !== person.id)
      return seeOther(await signIn(interaction, person.id));
    const requested = await consentRequest(interaction);
    if (interaction.prompt.name === "consent" && requested && skipsConsent(requested.app)) {
      const all = new Set<string>(requested.scopes);
      return seeOther(await grantConsent(interaction, person, requested.scopes, all, requested.app.name));
    }
    return seeOther(consentPage(uid));
  } catch (error) {
    return internalErrorResponse("oauth-interaction", request, error);
  }
}

const decisionSchema = z.object({
  decision: z.enum(["allow", "deny"]),
  scopes: z.array(z.string().max(40)).max(20),
});

export async function POST(request: NextRequest, { params }: RouteContext<"/oauth/interaction/[uid]">) {
  const { uid } = await params;
  try {
    // Middleware refused cross-site posts already; this route is never called by anything but our form.
    const form = new URLSearchParams(await readTextCapped(request, 16 * 1024));
    const parsed = decisionSchema.safeParse({ decision: form.get("decision"), scopes: form.getAll("scope") });
    if (!parsed.success) return errorResponse("invalid_request", "Choose Allow or Deny.");
    const interaction = await pendingInteraction(uid, request.cookies.get(INTERACTION_COOKIE)?.value);
    if (!interaction) return seeOther(consentPage(uid));
    const person = await getCurrentPerson();
    if (!person) return seeOther(signInPathFor(`/oauth/interaction/${uid}`));
    // The answer counts only from the person this request is for, once they are cleared to act.
    if (
      interaction.prompt.name !== "consent" ||
      interaction.session?.accountId !== person.id ||
      !mayGiveAppsAccess(person, policyOptions)
    )
      return seeOther(`/oauth/interaction/${uid}`);
    if (parsed.data.decision === "deny") return continueTo(await deny(interaction));
    const requested = await consentRequest(interaction);
    if (!requested) return seeOther(consentPage(uid));
    return continueTo(
      await grantConsent(interaction, person, requested.scopes, new Set(parsed.data.scopes), requested.app.name),
    );
  } catch (error) {
    if (error instanceof BodyTooLarge) return errorResponse("payload_too_large", "The form is larger than 16 KB.");
    return internalErrorResponse("oauth-interaction", request, error);
  }
}
