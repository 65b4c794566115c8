import "server-only";
import { cache } from "react";
import {
  ROLE_REFUSAL_MESSAGE,
  SECOND_FACTOR_REQUIRED_MESSAGE,
  VERIFY_EMAIL_MESSAGE,
  decide,
  type Capability,
  type Refusal,
} from "@/lib/auth/policy";
import { pastAbsoluteLimit } from "@/lib/auth/edge/config";
import { policyOptions } from "@/lib/auth/edge/policy-options";
import { sessionToken } from "@/lib/auth/session/current-session";
import { livePersonFor, type LivePerson, type Viewing } from "@/lib/auth/session/live-session";
import { headers } from "next/headers";
import { capabilitiesOf, mayImpersonate, mustEnrolSecondFactor } from "@/lib/auth/policy";
import { endViewing, recordViewedRequest } from "@/lib/impersonation/commands";
import { findSessionPerson } from "@/lib/people/queries";
import { withCapabilities } from "@/lib/roles/queries";
import { secondFactorChoices } from "@/lib/settings/queries";
import { hasSecondFactor as hasSecondFactorOf } from "@/lib/auth/second-factor/factors";
import { noteRequestPerson } from "@/lib/server/request-log";

export type CurrentPerson = {
  id: string;
  email: string;
  name: string | null;
  /** A built-in role's name or a custom role's. */
  role: string;
  /** What the role carries now (read with the person on this request). */
  capabilities: readonly Capability[];
  emailVerified: boolean;
  hasSecondFactor: boolean;
  /** The role requires a second factor this person has not set up yet: they may only set one up. */
  secondFactorMissing: boolean;
  /** When this session last proved who the person is (sign-in, or confirming again). */
  authenticatedAt: Date;
  /**
   * Set while someone views Gatehouse as this person ("View as", lib/impersonation): who is really
   * there, and why. Every guard refuses a change while it is set; pages show the banner.
   */
  viewer?: Viewer;
};

export type Viewer = {
  id: string;
  email: string;
  name: string | null;
  viewing: Viewing;
  /** Whole minutes left (at least 1) as of this request, for the banner. */
  minutesLeft: number;
};

/**
 * The signed-in person as the database sees them now, or null. The cookie is decrypted once and
 * checked against the database in one query (lib/auth/session/live-session.ts): the role is the
 * current one, and a disabled person or an ended session comes back as null. Cached per request.
 *
 * This is the same rule as the jwt callback that Auth.js's auth() runs, without auth() itself:
 * auth() also re-encrypts the cookie, which a server component cannot even send, and which costs
 * more than the database read. Cookies are re-issued by middleware (lib/auth/edge/session-claims.ts).
 */
export const getCurrentPerson = cache(async (): Promise<CurrentPerson | null> => {
  const token = await sessionToken();
  if (!token || pastAbsoluteLimit(token)) return null;
  const person = await livePersonFor(token);
  if (!person) return null;
  noteRequestPerson(person.id);
  if (person.viewingAs) {
    const viewed = await viewedPerson(person, person.viewingAs);
    if (viewed) return viewed;
  }
  return {
    id: person.id,
    email: person.email,
    name: person.name ?? null,
    role: person.role,
    capabilities: person.capabilities,
    emailVerified: Boolean(person.emailVerified),
    hasSecondFactor: person.hasSecondFactor,
    secondFactorMissing: person.secondFactorMissing,
    authenticatedAt: person.authenticatedAt,
  };
});

/**
 * The person viewed, as they would be signed in now, with who is really there; null once the viewing
 * must end (its time is up, the person viewed is disabled or now holds more than the viewer, or the
 * viewer lost the capability), which ends it here, with its audit entry.
 */
async function viewedPerson(viewer: LivePerson, viewing: Viewing): Promise<CurrentPerson | null> {
  const who = { id: viewer.id, email: viewer.email, name: viewer.name ?? null };
  // The viewer must be in good standing themself (address confirmed, the second factor their role
  // requires set up): otherwise they are themself, sent where the policy sends them.
  if (!decide(viewer, "standing", policyOptions).allowed) {
    await endViewing(viewing, who, "no-longer-allowed");
    return null;
  }
  if (viewing.endsAt.getTime() <= Date.now()) {
    await endViewing(viewing, who, "time-up");
    return null;
  }
  const row = await findSessionPerson(viewing.targetId);
  const target = row && !row.disabledAt ? await withCapabilities(row) : null;
  if (!target || !mayImpersonate(viewer, target)) {
    await endViewing(viewing, who, "no-longer-allowed");
    return null;
  }
  const capabilities = capabilitiesOf(target);
  if (!capabilities) {
    await endViewing(viewing, who, "no-longer-allowed");
    return null;
  }
  const hasSecondFactor = await hasSecondFactorOf(target.id);
  const person: CurrentPerson = {
    id: target.id,
    email: target.email,
    name: target.name ?? null,
    role: target.role,
    capabilities,
    emailVerified: Boolean(target.emailVerified),
    hasSecondFactor,
    secondFactorMissing: mustEnrolSecondFactor({ ...target, hasSecondFactor }, await secondFactorChoices()),
    authenticatedAt: viewer.authenticatedAt,
    viewer: { ...who, viewing, minutesLeft: Math.max(1, Math.ceil((viewing.endsAt.getTime() - Date.now()) / 60_000)) },
  };
  await noteViewedPage(person.viewer!, target);
  return person;
}

/**
 * Every request made while viewing as someone, whatever it is (a page, a prefetch, an action, which
 * the guards then also record as refused): nothing a client sends can leave one out. The path is the
 * one middleware set for pages; elsewhere it says so.
 */
async function noteViewedPage(viewer: Viewer, target: { id: string; email: string }) {
  const path = (await headers()).get("x-gatehouse-path") ?? "a request outside the pages";
  await recordViewedRequest(viewer, target, viewer.viewing, { path });
}

export class AccessError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/**
 * For actions and route handlers: throws AccessError, which their guards turn into a clear answer.
 * `capability` null asks only for a signed-in person, confirmed address or second factor set up or not
 * (the actions on the "check your inbox" page, and setting up a second factor).
 */
export async function requireCapability(capability: Capability | null): Promise<CurrentPerson> {
  const person = await getCurrentPerson();
  const decision = decide(person, capability === null ? "session" : { capability }, policyOptions);
  if (decision.allowed && person) return person;
  const reason = decision.allowed ? "signed-out" : decision.reason;
  throw new AccessError(reason === "signed-out" ? 401 : 403, REFUSED[reason]);
}

/** What a person is told, for each reason the policy gives (a session has no scopes to lack). */
const REFUSED: Record<Refusal, string> = {
  "signed-out": "Your session has ended. Sign in again to continue.",
  "email-unverified": VERIFY_EMAIL_MESSAGE,
  "second-factor-missing": SECOND_FACTOR_REQUIRED_MESSAGE,
  scope: ROLE_REFUSAL_MESSAGE,
  role: ROLE_REFUSAL_MESSAGE,
};
