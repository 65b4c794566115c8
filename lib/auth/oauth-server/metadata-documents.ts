import "server-only";
import type { KoaContextWithOIDC } from "oidc-provider";
import { IDENTITY_SCOPES, type Scope } from "@/lib/auth/policy";
import { addressNetwork, normalisedAddress } from "@/lib/http/client-address";
import { OutboundRefused, fetchOutbound } from "@/lib/http/outbound";
import { takeAttempt } from "@/lib/rate-limit/throttle";
import { db } from "@/lib/db";
import { appReviewRules } from "@/lib/settings/queries";
import { unknownAppMetadataSchema } from "@/lib/auth/oauth-server/apps/schemas";
import { applicationType, grantTypesOf } from "@/lib/auth/oauth-server/apps/queries";
import { admitDocumentApp } from "@/lib/auth/oauth-server/apps/unknown-apps";

// Client ID Metadata Documents: an app whose client_id is the https URL of a JSON document that
// describes it (draft-ietf-oauth-client-id-metadata-document, as MCP clients use it). oidc-provider
// does the protocol (features.clientIdMetadataDocument: which URLs qualify, the fetch, caching by
// Cache-Control within bounds, the document's own rules); Gatehouse supplies three things here:
// - the fetch itself, through lib/http/outbound.ts (no private addresses after resolution, no
//   redirects, short time, small body), and the document checked by the same rules as an app a
//   person registers, before the provider sees it;
// - whether to fetch at all (Admin → Security's rule for apps never seen, a per-network budget);
// - whether the app may be used: it becomes an app row (unknown-apps.ts), which admins review,
//   disable or refuse like any other.

/** Fetches of documents not yet known, per network and hour. */
export const DOCUMENT_FETCHES_PER_NETWORK_HOUR = 30;
const DOCUMENT_MAX_BYTES = 5 * 1024;
const DOCUMENT_TIMEOUT_MS = 2_500;

// The API scopes each document this process fetched asks for, by URL: they are not client metadata
// the provider knows (they belong to its resource servers), so they are kept here for allowClient,
// least recently used first out. Everything else about the app is read from the provider's own
// client (what it serves is what the app row records); a document missing here keeps the row's scopes.
const REMEMBERED = 1000;
const remembered = new Map<string, Scope[]>();

function remember(url: string, scopes: Scope[]) {
  remembered.delete(url);
  remembered.set(url, scopes);
  if (remembered.size > REMEMBERED) remembered.delete(remembered.keys().next().value!);
}

function recalled(url: string): Scope[] | undefined {
  const scopes = remembered.get(url);
  if (scopes) remember(url, scopes);
  return scopes;
}

/**
 * The provider's `fetch`: every request it makes goes out through the outbound fetcher. A client ID
 * metadata document comes back as the provider should see it: only what the checks passed, public,
 * with the identity scopes (the API's are kept aside); one that fails them is refused here, with the
 * reason in the server log (the provider tells the person only that the fetch failed).
 */
export async function providerFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = input instanceof Request ? input.url : String(input);
  let answer;
  try {
    answer = await fetchOutbound(url, {
      method: "GET",
      headers: { accept: "application/json" },
      timeoutMs: DOCUMENT_TIMEOUT_MS,
      maxBytes: DOCUMENT_MAX_BYTES,
    });
  } catch (error) {
    if (error instanceof OutboundRefused)
      console.warn(`[oauth] refused to fetch ${URL.parse(url)?.host ?? "a URL"}: ${error.reason}: ${error.message}`);
    throw error;
  }
  const headers = new Headers();
  // The body may be rewritten below: its length is the new body's own.
  for (const [name, value] of Object.entries(answer.headers))
    if (typeof value === "string" && name !== "content-length") headers.set(name, value);
  const body = answer.status === 200 ? checkedDocument(url, answer.body) : answer.body;
  void init;
  return new Response(new Uint8Array(body), { status: answer.status, headers });
}

function checkedDocument(url: string, body: Buffer): Buffer {
  let document: unknown;
  try {
    document = JSON.parse(body.toString("utf8"));
  } catch {
    return body;
  }
  if (!document || typeof document !== "object" || (document as { client_id?: unknown }).client_id !== url) return body;
  const parsed = unknownAppMetadataSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    console.warn(
      `[oauth] the metadata document at ${url} was refused: ${issue.path.join(".") || "document"}: ${issue.message}`,
    );
    throw new Error("The client's metadata document does not meet Gatehouse's rules for apps.");
  }
  const metadata = parsed.data;
  remember(url, metadata.scope.api);
  return Buffer.from(
    JSON.stringify({
      client_id: url,
      client_name: metadata.client_name,
      redirect_uris: metadata.redirect_uris,
      post_logout_redirect_uris: metadata.redirect_uris,
      grant_types: grantTypesOf({ source: "document" }),
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      ...applicationType(metadata.redirect_uris),
      scope: IDENTITY_SCOPES.join(" "),
      ...(metadata.client_uri ? { client_uri: metadata.client_uri } : {}),
      ...(metadata.logo_uri ? { logo_uri: metadata.logo_uri } : {}),
      ...(metadata.policy_uri ? { policy_uri: metadata.policy_uri } : {}),
      ...(metadata.tos_uri ? { tos_uri: metadata.tos_uri } : {}),
    }),
  );
}

/**
 * Whether to fetch a document the provider does not hold: while Admin → Security lets unknown apps
 * come, or for an app already known here; and within the network's budget, so nobody uses
 * Gatehouse to send requests at will.
 */
export async function allowDocumentFetch(ctx: KoaContextWithOIDC, clientId: string): Promise<boolean> {
  const known = await db.oAuthApp.findUnique({ where: { id: clientId }, select: { source: true } });
  if (known) return known.source === "document";
  if ((await appReviewRules()).unknownApps === "off") return false;
  // Only documents never seen count: an agent already known is not refused for its neighbours' fetches.
  const network = addressNetwork(normalisedAddress(ctx.ip)) ?? "unknown";
  const attempt = await takeAttempt([
    { key: `document-fetch:${network}`, limit: DOCUMENT_FETCHES_PER_NETWORK_HOUR, windowMs: 3600_000 },
  ]);
  return attempt.allowed;
}

/** Whether the app a document describes may be used now: it is an app here, as the provider holds it, in service. */
export async function allowDocumentClient(
  ctx: KoaContextWithOIDC,
  client: { clientId: string; metadata(): Record<string, unknown> },
): Promise<boolean> {
  const held = client.metadata() as {
    client_name?: string;
    redirect_uris?: string[];
    client_uri?: string;
    policy_uri?: string;
    tos_uri?: string;
    logo_uri?: string;
  };
  return admitDocumentApp(
    client.clientId,
    {
      name: held.client_name ?? "",
      redirectUris: held.redirect_uris ?? [],
      homepageUrl: held.client_uri ?? "",
      privacyUrl: held.policy_uri ?? "",
      termsUrl: held.tos_uri ?? "",
      logoUrl: held.logo_uri ?? "",
      scopes: recalled(client.clientId),
    },
    addressNetwork(normalisedAddress(ctx?.ip)),
  );
}
