import type { Prisma } from "@prisma/client";
import type { AdapterPayload } from "oidc-provider";
import { timingSafeEqual } from "node:crypto";
import { IDENTITY_SCOPES, SCOPE_NAMES, appInService, mayHaveServiceRole, type Scope } from "@/lib/auth/policy";
import { db } from "@/lib/db";
import { hashClientSecret } from "@/lib/auth/oauth-server/apps/secret";

type Tx = Prisma.TransactionClient;

// The provider never sees this: secrets are compared against their hashes (lib/auth/oauth-server/provider.ts
// replaces its plain-text comparison), and symmetric signing with the secret is switched off. It is
// here because the provider's schema requires a confidential client to have a secret.
const SECRET_STAND_IN = "stored-hashed-see-lib-oauth-apps";

// What an app shows people about itself, read wherever it is presented.
const shownToPeople = { homepageUrl: true, privacyUrl: true, termsUrl: true, logoUrl: true } as const;

/**
 * The app as oidc-provider's client metadata, read fresh on every lookup: a disabled or deleted app
 * is unknown from its next request on.
 */
export async function clientMetadataFor(clientId: string): Promise<AdapterPayload | undefined> {
  const app = await db.oAuthApp.findUnique({
    where: { id: clientId },
    select: {
      id: true,
      name: true,
      ...shownToPeople,
      redirectUris: true,
      kind: true,
      scopes: true,
      serviceRole: true,
      dpopBoundAccessTokens: true,
      disabledAt: true,
      review: true,
      source: true,
      owner: { select: { disabledAt: true } },
    },
  });
  // An app known by its metadata document is the provider's to fetch (metadata-documents.ts).
  if (!app || app.source === "document" || !appInService(app)) return undefined;
  const confidential = app.kind === "confidential";
  const grantTypes = [...grantTypesOf(app)];
  // Tokens of its own only for a web app an admin gave a service role (lib/auth/policy.ts canManageApps).
  if (mayHaveServiceRole(app) && app.serviceRole) grantTypes.push("client_credentials");
  return {
    client_id: app.id,
    client_name: app.name,
    ...(app.homepageUrl ? { client_uri: app.homepageUrl } : {}),
    ...(app.privacyUrl ? { policy_uri: app.privacyUrl } : {}),
    ...(app.termsUrl ? { tos_uri: app.termsUrl } : {}),
    ...(app.logoUrl ? { logo_uri: app.logoUrl } : {}),
    redirect_uris: app.redirectUris.split(" "),
    ...applicationType(app.redirectUris.split(" ")),
    // Where an app may send the person after signing them out: one of its redirect URIs, exactly.
    post_logout_redirect_uris: app.redirectUris.split(" "),
    grant_types: grantTypes,
    response_types: ["code" as const],
    token_endpoint_auth_method: confidential ? "client_secret_basic" : "none",
    ...(confidential ? { client_secret: SECRET_STAND_IN } : {}),
    scope: IDENTITY_SCOPES.join(" "),
    dpop_bound_access_tokens: app.dpopBoundAccessTokens,
  };
}

/**
 * The grants an app may use besides client credentials. The device flow (a code typed on another
 * screen) only for apps someone here registered: an app nobody vouches for could use it to have a
 * person approve, on Gatehouse's own page, a request they did not start.
 */
export function grantTypesOf(app: { source: string }): readonly string[] {
  return app.source === "person"
    ? ["authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"]
    : ["authorization_code", "refresh_token"];
}

/** A native app's private scheme (com.example.app:/callback, RFC 8252 §7.1) is valid for a native client only. */
export function applicationType(redirectUris: readonly string[]): { application_type?: "native" } {
  return redirectUris.some((uri) => !/^https?:/i.test(uri)) ? { application_type: "native" } : {};
}

/** The API scopes an app was registered for (stored space-separated): the most it can ask anyone for. */
export function apiScopesOf(stored: string | undefined): string {
  return (stored?.split(" ") ?? [])
    .filter((scope): scope is Scope => (SCOPE_NAMES as readonly string[]).includes(scope))
    .join(" ");
}

/** Whether `secret` is one of the app's live secrets; every stored hash is compared, in constant time. */
export async function verifyClientSecret(clientId: string, secret: string): Promise<boolean> {
  if (typeof secret !== "string" || secret.length > 200) return false;
  const presented = Buffer.from(hashClientSecret(secret), "hex");
  const stored = await db.oAuthAppSecret.findMany({ where: { appId: clientId }, select: { secretHash: true } });
  let matched = false;
  for (const { secretHash } of stored) {
    if (timingSafeEqual(presented, Buffer.from(secretHash, "hex"))) matched = true;
  }
  return matched;
}

const appSelect = {
  id: true,
  name: true,
  ...shownToPeople,
  redirectUris: true,
  kind: true,
  scopes: true,
  dpopBoundAccessTokens: true,
  disabledAt: true,
  review: true,
  createdAt: true,
  secrets: { select: { id: true, prefix: true, createdAt: true }, orderBy: { createdAt: "asc" } },
} as const;
export type AppRow = Prisma.OAuthAppGetPayload<{ select: typeof appSelect }>;

/** A person's apps, newest first. */
export function listAppsOf(ownerId: string): Promise<AppRow[]> {
  return db.oAuthApp.findMany({ where: { ownerId }, select: appSelect, orderBy: { createdAt: "desc" } });
}

export function countAppsOf(ownerId: string, tx: Tx = db): Promise<number> {
  return tx.oAuthApp.count({ where: { ownerId } });
}

/** An app its owner may change: null for someone else's (nobody changes another's app by id). */
export function findOwnApp(ownerId: string, appId: string, tx: Tx = db) {
  return tx.oAuthApp.findFirst({
    where: { id: appId, ownerId },
    select: { id: true, name: true, kind: true, secrets: { select: { id: true, prefix: true } } },
  });
}

/**
 * An app as the OAuth server uses it: what the consent page shows, what its tokens may carry (its
 * scopes, its service role), its token lifetime, and whether it and its owner may act at all.
 */
export function findApp(clientId: string) {
  return db.oAuthApp.findUnique({
    where: { id: clientId },
    select: {
      id: true,
      name: true,
      ...shownToPeople,
      kind: true,
      source: true,
      registeredFrom: true,
      redirectUris: true,
      scopes: true,
      firstParty: true,
      serviceRole: true,
      accessTokenSeconds: true,
      disabledAt: true,
      review: true,
      owner: { select: { id: true, email: true, name: true, disabledAt: true } },
    },
  });
}

/** Whether an app can be used now (lib/auth/policy.ts appInService): if not, its tokens are refused. */
export async function isAppActive(clientId: string): Promise<boolean> {
  const app = await findApp(clientId);
  return Boolean(app && appInService(app));
}

const adminAppSelect = {
  ...appSelect,
  source: true,
  registeredFrom: true,
  updatedAt: true,
  firstParty: true,
  serviceRole: true,
  accessTokenSeconds: true,
  owner: { select: { id: true, email: true } },
} as const;
export type AdminAppRow = Prisma.OAuthAppGetPayload<{ select: typeof adminAppSelect }>;

/** Every registered app for the admin panel: those waiting for a review first, then newest first. */
export async function listAllApps(limit = 200): Promise<AdminAppRow[]> {
  const [waiting, rest] = await Promise.all([
    db.oAuthApp.findMany({ where: { review: "pending" }, select: adminAppSelect, orderBy: { createdAt: "asc" } }),
    db.oAuthApp.findMany({
      where: { review: { not: "pending" } },
      select: adminAppSelect,
      orderBy: { createdAt: "desc" },
      take: limit,
    }),
  ]);
  return [...waiting, ...rest];
}
