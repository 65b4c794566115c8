import { registrantForPeople } from "@/lib/auth/oauth-server/apps/registrant";
import { recordAuditIn } from "@/lib/audit/record";
import { IDENTITY_SCOPES } from "@/lib/auth/policy";
import { db } from "@/lib/db";
import { serializable } from "@/lib/db-transaction";
import { MCP_RESOURCE } from "@/lib/auth/oauth-server/resources";

// The apps a person has given access (oidc-provider's grants, read from its records).

type GrantPayload = {
  clientId?: string;
  iat?: number;
  openid?: { scope?: string };
  resources?: Record<string, string>;
};

export type ConnectedApp = {
  grantId: string;
  appId: string;
  appName: string;
  homepageUrl: string | null;
  logoUrl: string | null;
  /** Who registered the app, by name (not their address: a grant may never have shown it). */
  /** Who registered it, in words (lib/auth/oauth-server/apps/registrant.ts). */
  registrant: string;
  scopes: string[];
  /** Given for the MCP server (an agent's tools), not only the REST API. */
  agent: boolean;
  grantedAt: Date | null;
  lastUsedAt: Date | null;
};

function scopesOf(payload: GrantPayload): string[] {
  const identity = (payload.openid?.scope ?? "").split(" ");
  const api = Object.values(payload.resources ?? {}).flatMap((scope) => scope.split(" "));
  return [...new Set([...identity, ...api])].filter(Boolean);
}

export async function listConnectedApps(personId: string): Promise<ConnectedApp[]> {
  const grants = await db.oAuthRecord.findMany({
    where: { kind: "Grant", accountId: personId, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    select: { id: true, payload: true, clientId: true, lastUsedAt: true },
  });
  const apps = await db.oAuthApp.findMany({
    where: { id: { in: grants.map((grant) => grant.clientId).filter((id): id is string => Boolean(id)) } },
    select: {
      id: true,
      name: true,
      homepageUrl: true,
      logoUrl: true,
      source: true,
      registeredFrom: true,
      owner: { select: { name: true, email: true } },
    },
  });
  const byId = new Map(apps.map((app) => [app.id, app]));
  return grants
    .flatMap((grant) => {
      const app = grant.clientId ? byId.get(grant.clientId) : undefined;
      if (!app) return [];
      const payload = JSON.parse(grant.payload) as GrantPayload;
      return [
        {
          grantId: grant.id,
          appId: app.id,
          appName: app.name,
          homepageUrl: app.homepageUrl,
          logoUrl: app.logoUrl,
          registrant: registrantForPeople(app),
          // Identity scopes first, in their usual order, then the API's.
          scopes: scopesOf(payload).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)),
          agent: Object.hasOwn(payload.resources ?? {}, MCP_RESOURCE()),
          grantedAt: payload.iat ? new Date(payload.iat * 1000) : null,
          lastUsedAt: grant.lastUsedAt,
        },
      ];
    })
    .sort((a, b) => (b.grantedAt?.getTime() ?? 0) - (a.grantedAt?.getTime() ?? 0));
}

function rank(scope: string): number {
  const index = (IDENTITY_SCOPES as readonly string[]).indexOf(scope);
  return index === -1 ? IDENTITY_SCOPES.length : index;
}

/** Ends a grant and every code and token issued under it, at once, on every instance. */
export function revokeGrant(
  person: { id: string; email: string },
  grantId: string,
): Promise<{ ok: true; appName: string } | { ok: false }> {
  return serializable(async (tx) => {
    const grant = await tx.oAuthRecord.findUnique({
      where: { kind_id: { kind: "Grant", id: grantId } },
      select: { accountId: true, clientId: true },
    });
    if (!grant || grant.accountId !== person.id) return { ok: false };
    const app = grant.clientId
      ? await tx.oAuthApp.findUnique({ where: { id: grant.clientId }, select: { name: true } })
      : null;
    await tx.oAuthRecord.deleteMany({ where: { OR: [{ grantId }, { kind: "Grant", id: grantId }] } });
    const appName = app?.name ?? "a deleted app";
    await recordAuditIn(tx, {
      action: "app.consent_revoked",
      actor: person,
      target: person,
      before: { app: appName, client: grant.clientId },
    });
    return { ok: true, appName };
  });
}

export type AppUsage = { people: number; lastUsedAt: Date | null };

/**
 * For each app, how many people have given it access now (live grants) and when one of its grants
 * was last used at the API: what its owner and admins see beside it.
 */
export async function usageOfApps(appIds: readonly string[]): Promise<Map<string, AppUsage>> {
  const usage = new Map<string, AppUsage>(appIds.map((id) => [id, { people: 0, lastUsedAt: null }]));
  if (appIds.length === 0) return usage;
  const rows = await db.oAuthRecord.groupBy({
    by: ["clientId", "accountId"],
    where: {
      kind: "Grant",
      clientId: { in: [...appIds] },
      accountId: { not: null },
      OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
    },
    _max: { lastUsedAt: true },
  });
  for (const row of rows) {
    const entry = row.clientId ? usage.get(row.clientId) : undefined;
    if (!entry) continue;
    entry.people += 1;
    const used = row._max.lastUsedAt;
    if (used && (!entry.lastUsedAt || used > entry.lastUsedAt)) entry.lastUsedAt = used;
  }
  return usage;
}
