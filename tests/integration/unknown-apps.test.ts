import https from "node:https";
import type { AddressInfo } from "node:net";
import tls from "node:tls";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { reviewApp, updateAppSettings } from "@/lib/auth/oauth-server/apps/commands";
import { clientMetadataFor } from "@/lib/auth/oauth-server/apps/queries";
import { UNKNOWN_APPS_WAITING_LIMIT, admitDocumentApp } from "@/lib/auth/oauth-server/apps/unknown-apps";
import { DOCUMENT_FETCHES_PER_NETWORK_HOUR } from "@/lib/auth/oauth-server/metadata-documents";
import { callNodeHandler } from "@/lib/auth/oauth-server/bridge";
import { oauthProvider } from "@/lib/auth/oauth-server/provider";
import {
  REGISTRATIONS_PER_NETWORK_HOUR,
  registerClient,
  registrationPreflight,
} from "@/lib/auth/oauth-server/registration";
import { MCP_RESOURCE, OAUTH_MOUNT_PATH, issuer } from "@/lib/auth/oauth-server/resources";
import { SCOPE_NAMES, type UnknownAppRule } from "@/lib/auth/policy";
import { db } from "@/lib/db";
import { setAppReviewRules } from "@/lib/settings/queries";
import { localhostCertificate } from "../support/certificates";

// Issue 32 item 4: apps Gatehouse has never seen, as an MCP client meets them. Dynamic registration
// (RFC 7591) at /api/oauth/register and client ID metadata documents (fetched by the provider from a
// real https server on this machine), each under Admin → Security's rule: off, allowed, or held for
// an admin. Such an app is public, never first-party, and an app row an admin can review.

vi.hoisted(() => {
  // The metadata documents below are served from this machine, as OUTBOUND_ALLOW_HOSTS allows in tests only.
  process.env.OUTBOUND_ALLOW_HOSTS = "localhost";
});

const CALLBACK = "http://127.0.0.1:4555/callback";
let network = 0;

const setRule = (unknownApps: UnknownAppRule) => setAppReviewRules({ peopleHeld: false, unknownApps });

/** A registration request from its own network (each test gets a fresh budget unless it says otherwise). */
function register(body: unknown, from = `198.51.${(network = (network + 1) % 250)}.7`) {
  return registerClient(
    new Request(`${issuer()}/register`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": from },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

const agent = (extra: Record<string, unknown> = {}) => ({
  client_name: "Desk Agent",
  redirect_uris: [CALLBACK],
  token_endpoint_auth_method: "none",
  ...extra,
});

async function provider(path: string) {
  return callNodeHandler(
    (await oauthProvider()).callback() as never,
    new Request(`${issuer()}${path}`, { headers: { "x-forwarded-for": "203.0.113.9" } }),
    new Uint8Array(),
    OAUTH_MOUNT_PATH,
  );
}

const discovery = async () =>
  (await (await provider("/.well-known/openid-configuration")).json()) as Record<string, unknown>;

async function person(role: "admin" | "writer") {
  return db.user.create({
    data: { email: `unknown-${role}-${crypto.randomUUID()}@example.com`, role, emailVerified: new Date() },
    select: { id: true, email: true, role: true },
  });
}

beforeEach(() => setRule("off"));

describe("dynamic client registration (RFC 7591)", () => {
  it("is refused while the rule is off, and nothing is stored", async () => {
    const before = await db.oAuthApp.count();
    const response = await register(agent());
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: "access_denied",
      error_description: expect.stringContaining("does not let apps register themselves"),
    });
    expect(await db.oAuthApp.count()).toBe(before);
  });

  it("makes a public app with no owner when allowed: the provider knows it, PKCE only, and the audit log says how it came", async () => {
    await setRule("allowed");
    const response = await register(
      agent({ scope: "openid offline_access articles:read", grant_types: ["authorization_code"] }),
    );
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      client_name: "Desk Agent",
      redirect_uris: [CALLBACK],
      token_endpoint_auth_method: "none",
      // What Gatehouse holds and enforces, not only what was asked: no device flow for an app nobody vouches for.
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      scope: "openid offline_access articles:read",
    });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(body).not.toHaveProperty("client_secret");
    const clientId = String(body.client_id);
    const app = await db.oAuthApp.findUniqueOrThrow({ where: { id: clientId } });
    expect(app).toMatchObject({
      ownerId: null,
      source: "dynamic",
      kind: "public",
      review: "approved",
      firstParty: false,
    });
    expect(app.registeredFrom).toMatch(/^198\.51\.\d+\.0\/24$/);
    expect(await clientMetadataFor(clientId)).toMatchObject({
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
    });
    const entry = await db.auditEvent.findFirstOrThrow({
      where: { action: "app.self_registered" },
      orderBy: { id: "desc" },
    });
    expect(entry.actorId).toBeNull();
    expect(JSON.parse(entry.after!)).toMatchObject({ app: clientId, source: "dynamic", scopes: "articles:read" });
  });

  it("asks people for every API scope when it has no scope, and for none when it names identity scopes only", async () => {
    await setRule("allowed");
    const body = (await (await register(agent())).json()) as { scope: string; client_id: string };
    expect(body.scope.split(" ").sort()).toEqual([...SCOPE_NAMES].sort());
    const identity = (await (await register(agent({ scope: "openid email" }))).json()) as { client_id: string };
    expect((await db.oAuthApp.findUniqueOrThrow({ where: { id: identity.client_id } })).scopes).toBe("");
  });

  it("answers a browser's preflight, so a web-based client can register", async () => {
    const response = registrationPreflight();
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toBe("POST");
  });

  it("takes a native app's private scheme, and the provider accepts it as a native client", async () => {
    await setRule("allowed");
    const response = await register(agent({ redirect_uris: ["com.example.agent:/callback"] }));
    expect(response.status).toBe(201);
    const { client_id: clientId } = (await response.json()) as { client_id: string };
    const client = await (await oauthProvider()).Client.find(clientId);
    expect(client?.redirectUriAllowed("com.example.agent:/callback")).toBe(true);
  });

  it("waits for an admin while held: unknown to the provider until approved", async () => {
    await setRule("held");
    const response = await register(agent());
    expect(response.status).toBe(201);
    const { client_id: clientId } = (await response.json()) as { client_id: string };
    expect((await db.oAuthApp.findUniqueOrThrow({ where: { id: clientId } })).review).toBe("pending");
    expect(await clientMetadataFor(clientId)).toBeUndefined();
    const admin = await person("admin");
    const { updatedAt } = await db.oAuthApp.findUniqueOrThrow({ where: { id: clientId } });
    expect(await reviewApp(admin, clientId, "approved", updatedAt.getTime())).toMatchObject({ ok: true });
    expect(await clientMetadataFor(clientId)).toBeDefined();
  });

  it("can never be made first-party: nobody here vouches for it", async () => {
    await setRule("allowed");
    const { client_id: clientId } = (await (await register(agent())).json()) as { client_id: string };
    const admin = await person("admin");
    expect(
      await updateAppSettings(admin, clientId, { firstParty: true, serviceRole: null, accessTokenSeconds: null }),
    ).toEqual({
      ok: false,
      reason: "unvouched",
    });
  });

  it.each([
    [
      "a confidential app",
      agent({ token_endpoint_auth_method: "client_secret_basic" }),
      "invalid_client_metadata",
      /Only public apps/,
    ],
    ["no name", { redirect_uris: [CALLBACK] }, "invalid_client_metadata", /client_name/],
    [
      "a name that turns text around",
      agent({ client_name: "Desk\u202eAgent" }),
      "invalid_client_metadata",
      /direction/,
    ],
    [
      "http to another machine",
      agent({ redirect_uris: ["http://evil.example/cb"] }),
      "invalid_redirect_uri",
      /uses http/,
    ],
    [
      "a redirect with a fragment",
      agent({ redirect_uris: ["https://a.example/cb#x"] }),
      "invalid_redirect_uri",
      /fragment/,
    ],
    ["no redirect URI", agent({ redirect_uris: [] }), "invalid_redirect_uri", /at least one/],
    [
      "a scope Gatehouse does not know",
      agent({ scope: "articles:read admin:everything" }),
      "invalid_client_metadata",
      /admin:everything/,
    ],
    ["the implicit grant", agent({ grant_types: ["implicit"] }), "invalid_client_metadata", /grant_types/],
    ["a logo over http", agent({ logo_uri: "http://a.example/logo.png" }), "invalid_client_metadata", /logo_uri/],
    ["not JSON", "{client_name:", "invalid_client_metadata", /not valid JSON/],
    // A second URI hidden in the first would pass its checks and be stored as two.
    [
      "a space inside a redirect URI",
      agent({ redirect_uris: [`${CALLBACK} http://evil.example/cb`] }),
      "invalid_redirect_uri",
      /spaces/,
    ],
    [
      "a NUL in a redirect URI",
      agent({ redirect_uris: ["https://a.example/cb\u0000x"] }),
      "invalid_redirect_uri",
      /control characters/,
    ],
    [
      "half a surrogate pair in the name",
      '{"client_name":"\\ud800x","redirect_uris":["https://a.example/cb"]}',
      "invalid_client_metadata",
      /control characters/,
    ],
    ["a list of numbers as redirect URIs", agent({ redirect_uris: [1, 2] }), "invalid_redirect_uri", /string/],
    ["no response type at all", agent({ response_types: [] }), "invalid_client_metadata", /response_types/],
  ])("refuses %s with a clear error and stores nothing", async (_label, body, error, description) => {
    await setRule("allowed");
    const before = await db.oAuthApp.count();
    const response = await register(body);
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: string; error_description: string };
    expect(answer.error).toBe(error);
    expect(answer.error_description).toMatch(description);
    expect(await db.oAuthApp.count()).toBe(before);
  });

  it("counts registrations per network: the next one waits, with Retry-After; another network goes on", async () => {
    await setRule("allowed");
    const from = "192.0.2.77";
    // Malformed requests store nothing and cost the network nothing.
    for (let i = 0; i < REGISTRATIONS_PER_NETWORK_HOUR; i++) expect((await register("{", from)).status).toBe(400);
    for (let i = 0; i < REGISTRATIONS_PER_NETWORK_HOUR; i++) expect((await register(agent(), from)).status).toBe(201);
    const refused = await register(agent(), "192.0.2.78");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()) as object).toMatchObject({ error: "too_many_requests" });
    expect((await register(agent(), "192.0.3.1")).status).toBe(201);
    expect(await db.auditEvent.count({ where: { action: "app.registrations_throttled" } })).toBe(1);
  });

  it("keeps the admin's queue bounded while held", async () => {
    await setRule("held");
    const waiting = await db.oAuthApp.count({ where: { ownerId: null, review: "pending" } });
    await db.oAuthApp.createMany({
      data: Array.from({ length: Math.max(0, UNKNOWN_APPS_WAITING_LIMIT - waiting) }, (_, index) => ({
        id: `app_flood${index}${crypto.randomUUID().slice(0, 8)}`,
        name: "Flood",
        redirectUris: CALLBACK,
        kind: "public",
        scopes: "articles:read",
        source: "dynamic",
        review: "pending",
      })),
    });
    const response = await register(agent());
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("3600");
    await db.oAuthApp.deleteMany({ where: { name: "Flood" } });
  });
});

describe("what the metadata advertises follows the rule", () => {
  it("offers neither registration nor metadata documents while off, both otherwise", async () => {
    const off = await discovery();
    expect(off).not.toHaveProperty("registration_endpoint");
    expect(off).not.toHaveProperty("client_id_metadata_document_supported");
    await setRule("held");
    const held = await discovery();
    expect(held.registration_endpoint).toBe(`${issuer()}/register`);
    expect(held.client_id_metadata_document_supported).toBe(true);
  });
});

describe("client ID metadata documents", () => {
  let server: https.Server;
  let base = "";
  const certificate = localhostCertificate();
  const documents = new Map<string, object>();

  beforeAll(async () => {
    // This process trusts the test's own certificate, as NODE_EXTRA_CA_CERTS would make a server trust it.
    tls.setDefaultCACertificates([...tls.getCACertificates("default"), certificate.cert]);
    server = https.createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
      const document = documents.get(request.url ?? "");
      if (request.url?.startsWith("/redirect/"))
        return response.writeHead(302, { location: `${base}/agents/1.json` }).end();
      if (request.url?.startsWith("/slow/")) return; // never answers
      if (!document) return response.writeHead(404).end();
      response.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=60" });
      response.end(JSON.stringify(document));
    });
    await new Promise<void>((resolve) => server.listen(0, "::", resolve));
    base = `https://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server?.close();
    certificate.remove();
  });

  let serial = 0;
  /** A document served at a path of its own (the provider caches by URL). */
  function served(extra: Record<string, unknown> = {}) {
    const pathname = `/agents/${++serial}.json`;
    const clientId = `${base}${pathname}`;
    documents.set(pathname, {
      client_id: clientId,
      client_name: "Document Agent",
      redirect_uris: [CALLBACK],
      token_endpoint_auth_method: "none",
      scope: "openid articles:read articles:write",
      ...extra,
    });
    return clientId;
  }

  const authorize = (clientId: string) =>
    provider(
      `/auth?${new URLSearchParams({
        client_id: clientId,
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "openid articles:read",
        resource: MCP_RESOURCE(),
        code_challenge: "x".repeat(43),
        code_challenge_method: "S256",
        state: "s",
      })}`,
    );

  it("is not fetched while the rule is off", async () => {
    const clientId = served();
    const response = await authorize(clientId);
    expect(response.status).toBe(400);
    expect(await db.oAuthApp.findUnique({ where: { id: clientId } })).toBeNull();
  });

  it("makes an app of the document when allowed: the authorization goes on to sign-in, with the API scopes it named", async () => {
    await setRule("allowed");
    const clientId = served();
    const response = await authorize(clientId);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/\/oauth\/interaction\//);
    const app = await db.oAuthApp.findUniqueOrThrow({ where: { id: clientId } });
    expect(app).toMatchObject({ ownerId: null, source: "document", kind: "public", review: "approved" });
    expect(app.scopes).toBe("articles:read articles:write");
    // The adapter leaves it to the provider's fetch: the document, not the row, says what it is now.
    expect(await clientMetadataFor(clientId)).toBeUndefined();
  });

  it("is told it waits for an admin while held, in the person's words", async () => {
    await setRule("held");
    const clientId = served();
    const response = await authorize(clientId);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("waiting for your organisation&#39;s admin to approve it");
    expect((await db.oAuthApp.findUniqueOrThrow({ where: { id: clientId } })).review).toBe("pending");
  });

  it.each([
    ["a shared secret", { token_endpoint_auth_method: "client_secret_basic" }],
    ["a redirect to another machine over http", { redirect_uris: ["http://evil.example/cb"] }],
    ["no name", { client_name: undefined }],
  ])("is refused when it asks for %s, and no app is made", async (_label, extra) => {
    await setRule("allowed");
    const clientId = served(extra);
    expect((await authorize(clientId)).status).toBe(400);
    expect(await db.oAuthApp.findUnique({ where: { id: clientId } })).toBeNull();
  });

  it.each([
    ["redirects elsewhere", (clientId: string) => clientId.replace("/agents/", "/redirect/")],
    ["never answers", (clientId: string) => clientId.replace("/agents/", "/slow/")],
  ])("is refused when its address %s, and no app is made", async (_label, move) => {
    await setRule("allowed");
    const clientId = move(served());
    const started = Date.now();
    expect((await authorize(clientId)).status).toBe(400);
    // A server that never answers holds the request for the fetch's time limit, no longer.
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(await db.oAuthApp.findUnique({ where: { id: clientId } })).toBeNull();
  });

  it("is refused when it is larger than 5 KB, or names another client_id than its address", async () => {
    await setRule("allowed");
    const huge = served({ client_uri: `https://a.example/${"x".repeat(6000)}` });
    const other = served({ client_id: "https://elsewhere.example/agent.json" });
    for (const clientId of [huge, other]) {
      expect((await authorize(clientId)).status).toBe(400);
      expect(await db.oAuthApp.findUnique({ where: { id: clientId } })).toBeNull();
    }
  });

  it("is fetched at most 30 times an hour from one network", async () => {
    await setRule("allowed");
    const from = "198.18.5.5";
    const fetchFrom = async (clientId: string) =>
      callNodeHandler(
        (await oauthProvider()).callback() as never,
        new Request(
          `${issuer()}/auth?${new URLSearchParams({ client_id: clientId, response_type: "code", redirect_uri: CALLBACK, scope: "openid", code_challenge: "x".repeat(43), code_challenge_method: "S256" })}`,
          { headers: { "x-forwarded-for": from } },
        ),
        new Uint8Array(),
        OAUTH_MOUNT_PATH,
      );
    const served30 = Array.from({ length: DOCUMENT_FETCHES_PER_NETWORK_HOUR }, () => served());
    for (const clientId of served30) expect((await fetchFrom(clientId)).status).toBe(303);
    const next = served();
    expect((await fetchFrom(next)).status).toBe(400);
    expect(await db.oAuthApp.findUnique({ where: { id: next } })).toBeNull();
    // One it already holds is no new fetch.
    expect((await fetchFrom(served30[0]!)).status).toBe(303);
  });

  it("is not fetched from an address that is not on the public internet", async () => {
    await setRule("allowed");
    const clientId = served().replace("localhost", "127.0.0.1");
    expect((await authorize(clientId)).status).toBe(400);
    expect(await db.oAuthApp.findUnique({ where: { id: clientId } })).toBeNull();
  });

  const documentApp = (name = "Document Agent", redirect = CALLBACK) => ({
    name,
    redirectUris: [redirect],
    homepageUrl: "",
    privacyUrl: "",
    termsUrl: "",
    logoUrl: "",
    scopes: ["articles:read" as const],
  });

  it("goes back to an admin when its document changes what was approved, unless such apps are allowed; off included", async () => {
    await setRule("held");
    const clientId = served();
    expect((await authorize(clientId)).status).toBe(400);
    const admin = await person("admin");
    const { updatedAt } = await db.oAuthApp.findUniqueOrThrow({ where: { id: clientId } });
    await reviewApp(admin, clientId, "approved", updatedAt.getTime());
    await setRule("off");
    // "Off" stops new apps; a known one cannot change where it sends people unseen either.
    expect(await admitDocumentApp(clientId, documentApp("Document Agent", "https://evil.example/cb"), null)).toBe(
      false,
    );
    expect(await db.oAuthApp.findUniqueOrThrow({ where: { id: clientId } })).toMatchObject({
      review: "pending",
      redirectUris: "https://evil.example/cb",
    });
    // Its links alone change without a review.
    const { updatedAt: seen } = await db.oAuthApp.findUniqueOrThrow({ where: { id: clientId } });
    await reviewApp(admin, clientId, "approved", seen.getTime());
    const relinked = {
      ...documentApp("Document Agent", "https://evil.example/cb"),
      homepageUrl: "https://agent.example/",
    };
    expect(await admitDocumentApp(clientId, relinked, null)).toBe(true);
    expect((await db.oAuthApp.findUniqueOrThrow({ where: { id: clientId } })).homepageUrl).toBe(
      "https://agent.example/",
    );
  });

  it("cannot jump a full queue by changing a refused document", async () => {
    await setRule("held");
    const clientId = served();
    await authorize(clientId);
    const admin = await person("admin");
    const { updatedAt } = await db.oAuthApp.findUniqueOrThrow({ where: { id: clientId } });
    await reviewApp(admin, clientId, "refused", updatedAt.getTime());
    const waiting = await db.oAuthApp.count({ where: { ownerId: null, review: "pending" } });
    await db.oAuthApp.createMany({
      data: Array.from({ length: Math.max(0, UNKNOWN_APPS_WAITING_LIMIT - waiting) }, (_, index) => ({
        id: `app_queue${index}${crypto.randomUUID().slice(0, 8)}`,
        name: "Queue",
        redirectUris: CALLBACK,
        kind: "public",
        scopes: "articles:read",
        source: "dynamic",
        review: "pending",
      })),
    });
    expect(await admitDocumentApp(clientId, documentApp("Renamed Agent"), null)).toBe(false);
    expect((await db.oAuthApp.findUniqueOrThrow({ where: { id: clientId } })).review).toBe("refused");
    await db.oAuthApp.deleteMany({ where: { name: "Queue" } });
  });

  it("stops at once when an admin disables it, though the provider still holds its document", async () => {
    await setRule("allowed");
    const clientId = served();
    expect((await authorize(clientId)).status).toBe(303);
    await db.oAuthApp.update({ where: { id: clientId }, data: { disabledAt: new Date() } });
    const response = await authorize(clientId);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("turned off by your organisation&#39;s admin");
  });
});
