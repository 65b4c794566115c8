import "server-only";
import type { ErrorCode } from "@/lib/http/error-codes";
import type { InteractionResults } from "oidc-provider";
import {
  IDENTITY_SCOPES,
  SCOPE_NAMES,
  appInService,
  skipsConsent,
  type IdentityScope,
  type Scope,
} from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import { findApp } from "@/lib/auth/oauth-server/apps/queries";
import { oauthProvider } from "@/lib/auth/oauth-server/provider";
import { API_RESOURCE, MCP_RESOURCE } from "@/lib/auth/oauth-server/resources";

// One authorization request's pass through Gatehouse: who is signed in, what the app asks for, and
// the answer handed back to the provider. The pages and the route in app/(auth)/oauth/interaction
// only call these.

export type GrantableScope = Scope | IdentityScope;

const isIdentityScope = (scope: string): scope is IdentityScope =>
  (IDENTITY_SCOPES as readonly string[]).includes(scope);
const isApiScope = (scope: string): scope is Scope => (SCOPE_NAMES as readonly string[]).includes(scope);

/** The interaction cookie the provider set for this request's browser (scoped to the interaction path). */
export function holdsInteractionCookie(cookieValue: string | undefined, uid: string): boolean {
  return typeof cookieValue === "string" && cookieValue === uid;
}
export const INTERACTION_COOKIE = "_interaction";

/**
 * The pending request, or null when it expired, was finished, or this browser did not start it (its
 * interaction cookie is missing): a link to someone else's consent page is worth nothing.
 */
export async function pendingInteraction(uid: string, cookieValue: string | undefined) {
  if (!/^[\w-]{1,64}$/.test(uid) || !holdsInteractionCookie(cookieValue, uid)) return null;
  const provider = await oauthProvider();
  const interaction = await provider.Interaction.find(uid);
  if (!interaction || interaction.result) return null;
  return interaction;
}
export type PendingInteraction = NonNullable<Awaited<ReturnType<typeof pendingInteraction>>>;

/**
 * The name of the app a pending authorization request (its interaction page, `/oauth/interaction/<uid>`)
 * is for, so sign-in can say where the person is going; null for any other path, or an app not in
 * service. Without the interaction cookie, which the provider scopes to the interaction's own path:
 * the name is no secret (anyone can start a request for any app), and acting on the request still
 * needs the cookie (pendingInteraction).
 */
export async function appForInteractionPath(
  path: string,
): Promise<{ name: string; firstParty: boolean; source: string } | null> {
  const uid = path.match(/^\/oauth\/interaction\/([\w-]{1,64})$/)?.[1];
  if (!uid) return null;
  const interaction = await (await oauthProvider()).Interaction.find(uid);
  if (!interaction || interaction.result) return null;
  const app = await findApp(interaction.params.client_id as string);
  return app && appInService(app) ? { name: app.name, firstParty: skipsConsent(app), source: app.source } : null;
}

/** What the consent page shows: the app, and each scope it asks for that is not granted yet. */
export async function consentRequest(interaction: PendingInteraction) {
  const app = await findApp(interaction.params.client_id as string);
  if (!app || !appInService(app)) return null;
  const allowed = new Set(app.scopes.split(" "));
  const requested = String(interaction.params.scope ?? "")
    .split(" ")
    .filter((scope): scope is GrantableScope => isIdentityScope(scope) || (isApiScope(scope) && allowed.has(scope)));
  // Asked for the MCP server: an AI agent or tool client will call Gatehouse's tools as the person.
  const agent = requestedResources(interaction).includes(MCP_RESOURCE());
  return { app, scopes: [...new Set(requested)], agent };
}

/** Hands the provider an answer and says where the browser goes next (back to the provider). */
async function finish(interaction: PendingInteraction, result: InteractionResults): Promise<string> {
  interaction.result = result;
  await interaction.save(Math.max(1, interaction.exp - Math.floor(Date.now() / 1000)));
  return interaction.returnTo;
}

/** The signed-in person is who this authorization is for (Gatehouse's session decides, not the provider's). */
export function signIn(interaction: PendingInteraction, personId: string): Promise<string> {
  return finish(interaction, { login: { accountId: personId } });
}

export function deny(interaction: PendingInteraction): Promise<string> {
  return finish(interaction, {
    error: "access_denied" satisfies ErrorCode,
    error_description: "The person declined to give the app access.",
  });
}

/** The resources (RFC 8707) an authorization request named; none means the REST API. */
function requestedResources(interaction: PendingInteraction): string[] {
  const named = interaction.params.resource;
  const list = (Array.isArray(named) ? named : [named]).filter((value): value is string => typeof value === "string");
  return list.length ? list : [API_RESOURCE()];
}

/**
 * Grants the scopes the person left ticked; the ones they unticked are recorded as refused, so the
 * app gets a token without them and the person is not asked again for them in this request.
 */
export async function grantConsent(
  interaction: PendingInteraction,
  person: { id: string; email: string },
  offered: readonly GrantableScope[],
  ticked: ReadonlySet<string>,
  appName: string,
): Promise<string> {
  const provider = await oauthProvider();
  const clientId = interaction.params.client_id as string;
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant =
    existing && existing.accountId === person.id && existing.clientId === clientId
      ? existing
      : new provider.Grant({ accountId: person.id, clientId });
  // openid is what makes this a sign-in at all; it is not the person's to untick.
  const granted = offered.filter((scope) => scope === "openid" || ticked.has(scope));
  const refused = offered.filter((scope) => !granted.includes(scope));
  const identity = granted.filter(isIdentityScope);
  const api = granted.filter(isApiScope);
  if (identity.length) grant.addOIDCScope(identity.join(" "));
  const refusedIdentity = refused.filter(isIdentityScope);
  const refusedApi = refused.filter(isApiScope);
  if (refusedIdentity.length) grant.rejectOIDCScope(refusedIdentity.join(" "));
  // The API scopes go to the resource the app asked for (the MCP server, say), or the REST API.
  for (const resource of requestedResources(interaction)) {
    if (api.length) grant.addResourceScope(resource, api.join(" "));
    if (refusedApi.length) grant.rejectResourceScope(resource, refusedApi.join(" "));
  }
  const details = interaction.prompt.details as { missingOIDCClaims?: string[] };
  if (details.missingOIDCClaims?.length) grant.addOIDCClaims(details.missingOIDCClaims);
  const grantId = await grant.save();
  await recordAudit({
    action: "app.consent_granted",
    actor: person,
    target: person,
    after: { app: appName, client: clientId, scopes: granted.join(" ") },
  });
  // The login is given again with the consent: the provider asks Gatehouse who is signed in on
  // every pass (lib/auth/oauth-server/provider.ts), and this answer is that pass.
  return finish(interaction, { login: { accountId: person.id }, consent: { grantId } });
}
