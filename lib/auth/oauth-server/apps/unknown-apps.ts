import { recordAuditIn } from "@/lib/audit/record";
import { appInService, reviewOfUnknownApp, type AppReview } from "@/lib/auth/policy";
import { db } from "@/lib/db";
import { serializable } from "@/lib/db-transaction";
import { appReviewRules } from "@/lib/settings/queries";
import { reviewAfterChange, storedDetails, type AppDetails } from "@/lib/auth/oauth-server/apps/commands";
import type { UnknownAppMetadata } from "@/lib/auth/oauth-server/apps/schemas";
import { newClientId } from "@/lib/auth/oauth-server/apps/secret";

// Apps Gatehouse has never seen (lib/auth/policy.ts UNKNOWN_APP_RULES) become apps here the same way
// whichever way they come: a row of their own with no owner, public, under the review Admin →
// Security's rule gives them, and an audit entry. An admin then sees, disables, approves or refuses
// them under Admin → Apps like any other.

/** At most this many of them wait for an admin at once: a flood of registrations cannot bury the queue. */
export const UNKNOWN_APPS_WAITING_LIMIT = 50;

export function detailsOf(metadata: UnknownAppMetadata): AppDetails {
  return {
    name: metadata.client_name,
    homepageUrl: metadata.client_uri,
    privacyUrl: metadata.policy_uri,
    termsUrl: metadata.tos_uri,
    logoUrl: metadata.logo_uri,
    redirectUris: metadata.redirect_uris,
    scopes: metadata.scope.api,
    dpopBoundAccessTokens: false,
  };
}

export type SelfRegistration =
  { ok: true; appId: string; review: AppReview } | { ok: false; reason: "off" | "queue-full" };

/** RFC 7591 dynamic registration: a new app, registered by itself from `network`. */
export function registerDynamicApp(metadata: UnknownAppMetadata, network: string | null): Promise<SelfRegistration> {
  return serializable(async (tx) => {
    const review = reviewOfUnknownApp((await appReviewRules(tx)).unknownApps);
    if (!review) return { ok: false, reason: "off" };
    if (review === "pending" && (await waiting(tx)) >= UNKNOWN_APPS_WAITING_LIMIT)
      return { ok: false, reason: "queue-full" };
    const appId = newClientId();
    const details = storedDetails(detailsOf(metadata));
    await tx.oAuthApp.create({
      data: {
        id: appId,
        ownerId: null,
        source: "dynamic",
        registeredFrom: network,
        kind: "public",
        ...details,
        review,
      },
    });
    await recordAuditIn(tx, {
      action: "app.self_registered",
      after: {
        app: appId,
        name: details.name,
        source: "dynamic",
        network: network ?? "unknown",
        ...shown(details),
        review,
      },
    });
    return { ok: true, appId, review };
  });
}

/** What the provider holds of a metadata document now; scopes when this process fetched it. */
export type DocumentApp = Omit<AppDetails, "scopes" | "dpopBoundAccessTokens"> & { scopes?: AppDetails["scopes"] };

const documentColumns = {
  source: true,
  name: true,
  homepageUrl: true,
  privacyUrl: true,
  termsUrl: true,
  logoUrl: true,
  redirectUris: true,
  scopes: true,
  review: true,
  disabledAt: true,
} as const;

/**
 * An app known by its client ID metadata document (`clientId` is the document's https URL), as the
 * provider holds its document now. The first time, it becomes an app here under the current rule
 * (none while it is "off"); later, a document that changed what people see of it or where they are
 * sent (name, logo, redirect URIs, scopes) goes back to an admin's review unless such apps are
 * "allowed": "off" stops new ones, and must not let a known one change unseen. Whether it may be
 * used now. Read first and written only when something changed, as it runs on every use.
 */
export async function admitDocumentApp(clientId: string, document: DocumentApp, network: string | null) {
  const known = await db.oAuthApp.findUnique({ where: { id: clientId }, select: documentColumns });
  if (known && known.source !== "document") return false;
  const details = storedDetails({
    ...document,
    scopes: document.scopes ?? ((known?.scopes.split(" ").filter(Boolean) ?? []) as AppDetails["scopes"]),
    dpopBoundAccessTokens: false,
  });
  if (known && !reviewed(known, details) && !shownDiffers(known, details))
    return appInService({ ...known, owner: null });
  return serializable(async (tx) => {
    const rule = (await appReviewRules(tx)).unknownApps;
    const app = await tx.oAuthApp.findUnique({ where: { id: clientId }, select: documentColumns });
    if (app && app.source !== "document") return false;
    if (!app) {
      const review = reviewOfUnknownApp(rule);
      if (!review) return false;
      if (review === "pending" && (await waiting(tx)) >= UNKNOWN_APPS_WAITING_LIMIT) return false;
      await tx.oAuthApp.create({
        data: {
          id: clientId,
          ownerId: null,
          source: "document",
          registeredFrom: network,
          kind: "public",
          ...details,
          review,
        },
      });
      await recordAuditIn(tx, {
        action: "app.self_registered",
        after: {
          app: clientId,
          name: details.name,
          source: "document",
          network: network ?? "unknown",
          ...shown(details),
          review,
        },
      });
      return review === "approved";
    }
    if (!reviewed(app, details)) {
      // Its links changed only: kept current, nothing to review.
      await tx.oAuthApp.update({ where: { id: clientId }, data: details });
      return appInService({ ...app, owner: null });
    }
    const review = reviewAfterChange(app.review as AppReview, rule === "allowed" ? "approved" : "pending");
    // A full queue takes no more: the app waits unchanged (and unusable) until there is room.
    if (review === "pending" && app.review !== "pending" && (await waiting(tx)) >= UNKNOWN_APPS_WAITING_LIMIT)
      return false;
    await tx.oAuthApp.update({ where: { id: clientId }, data: { ...details, review } });
    await recordAuditIn(tx, {
      action: "app.updated",
      before: { app: clientId, name: app.name, redirectUris: app.redirectUris, scopes: app.scopes, review: app.review },
      after: { name: details.name, redirectUris: details.redirectUris, scopes: details.scopes, review },
    });
    return appInService({ ...app, review, owner: null });
  });
}

type Stored = { name: string; logoUrl: string | null; redirectUris: string; scopes: string };
type Shown = { homepageUrl: string | null; privacyUrl: string | null; termsUrl: string | null };

/** A change to what an admin reviewed: its name, logo, where it sends people, what it may ask for. */
function reviewed(app: Stored, details: Stored): boolean {
  return (
    app.name !== details.name ||
    app.logoUrl !== details.logoUrl ||
    app.redirectUris !== details.redirectUris ||
    app.scopes !== details.scopes
  );
}

function shownDiffers(app: Shown, details: Shown): boolean {
  return (
    app.homepageUrl !== details.homepageUrl ||
    app.privacyUrl !== details.privacyUrl ||
    app.termsUrl !== details.termsUrl
  );
}

type Tx = Parameters<Parameters<typeof serializable>[0]>[0];

function waiting(tx: Tx): Promise<number> {
  return tx.oAuthApp.count({ where: { ownerId: null, review: "pending" } });
}

/** What an admin reads in the audit log of what an app asked for. */
function shown(details: ReturnType<typeof storedDetails>) {
  return { redirectUris: details.redirectUris, scopes: details.scopes, logoUrl: details.logoUrl ?? "none" };
}
