import { recordAuditIn } from "@/lib/audit/record";
import {
  APP_LIMIT,
  APP_SECRET_LIMIT,
  mayBeFirstParty,
  mayGiveServiceRoles,
  mayHaveServiceRole,
  reviewOfNewApp,
  notHeld,
  type AppReview,
  type Capability,
  type Scope,
} from "@/lib/auth/policy";
import { actorNow } from "@/lib/roles/commands";
import { findRole } from "@/lib/roles/queries";
import { appsHeldForReview } from "@/lib/settings/queries";
import { serializable } from "@/lib/db-transaction";
import type { AppKind } from "@/lib/auth/oauth-server/apps/schemas";
import { countAppsOf, findOwnApp } from "@/lib/auth/oauth-server/apps/queries";
import { generateClientSecret, newClientId } from "@/lib/auth/oauth-server/apps/secret";

// Registering, changing and deleting OAuth apps, each with its audit entry in the same transaction.

type Person = { id: string; email: string };
/** Who registers or changes an app: their role decides whether it waits for an admin's review. */
type Owner = Person & { role?: unknown };

/** What an owner says about their app: what people see, where they may be sent back, what it may ask. */
export type AppDetails = {
  name: string;
  homepageUrl: string;
  privacyUrl: string;
  termsUrl: string;
  logoUrl: string;
  redirectUris: string[];
  scopes: Scope[];
  /** Its access tokens must be DPoP-bound (RFC 9449 §5.2's dpop_bound_access_tokens). */
  dpopBoundAccessTokens: boolean;
};

export function storedDetails(input: AppDetails) {
  return {
    name: input.name,
    homepageUrl: input.homepageUrl || null,
    privacyUrl: input.privacyUrl || null,
    termsUrl: input.termsUrl || null,
    logoUrl: input.logoUrl || null,
    redirectUris: input.redirectUris.join(" "),
    scopes: input.scopes.join(" "),
    dpopBoundAccessTokens: input.dpopBoundAccessTokens,
  };
}

const sameSet = (a: string, b: string) =>
  [...new Set(a.split(" "))].sort().join(" ") === [...new Set(b.split(" "))].sort().join(" ");

/**
 * The owner changes their app. Redirect URIs and scopes bind on the next authorization. An admin
 * approved the app as it was (first-party: no consent page; a service role: tokens of its own), so a
 * change to what people see of it or what it may reach (name, logo, redirect URIs, scopes) clears
 * that approval, and the service role's tokens end, in the same transaction: an admin approves again.
 */
export function updateApp(
  owner: Owner,
  appId: string,
  input: AppDetails,
): Promise<{ ok: true; approvalCleared: boolean; review: AppReview } | { ok: false }> {
  return serializable(async (tx) => {
    const app = await tx.oAuthApp.findFirst({
      where: { id: appId, ownerId: owner.id },
      select: {
        name: true,
        logoUrl: true,
        redirectUris: true,
        scopes: true,
        firstParty: true,
        serviceRole: true,
        review: true,
      },
    });
    if (!app) return { ok: false };
    const data = storedDetails(input);
    const approved = app.firstParty || app.serviceRole !== null;
    const changesWhatWasApproved =
      data.name !== app.name ||
      data.logoUrl !== app.logoUrl ||
      !sameSet(data.redirectUris, app.redirectUris) ||
      !sameSet(data.scopes, app.scopes);
    const approvalCleared = approved && changesWhatWasApproved;
    // The same change goes back to an admin's review while apps are held: what the admin approved
    // (its name, logo, where it sends people, what it may ask for) is not what it is any more.
    const review = changesWhatWasApproved
      ? reviewAfterChange(app.review as AppReview, reviewOfNewApp(owner, await appsHeldForReview(tx)))
      : (app.review as AppReview);
    await tx.oAuthApp.update({
      where: { id: appId },
      data: { ...data, review, ...(approvalCleared ? { firstParty: false, serviceRole: null } : {}) },
    });
    await recordAuditIn(tx, {
      action: "app.updated",
      actor: owner,
      target: owner,
      before: { app: appId, name: app.name, redirectUris: app.redirectUris, scopes: app.scopes, review: app.review },
      after: { name: data.name, redirectUris: data.redirectUris, scopes: data.scopes, review },
    });
    if (approvalCleared) {
      // Its own tokens go; and while it was first-party, people's grants were made without asking them,
      // so those go too (with their tokens): the consent page comes back for the app as it now is.
      await tx.oAuthRecord.deleteMany({
        where: app.firstParty ? { clientId: appId } : { kind: "ClientCredentials", clientId: appId },
      });
      await recordAuditIn(tx, {
        action: "app.approval_cleared",
        actor: owner,
        target: owner,
        before: { app: appId, name: app.name, firstParty: app.firstParty, serviceRole: app.serviceRole ?? "none" },
        after: { name: data.name, firstParty: false, serviceRole: "none" },
      });
    }
    return { ok: true, approvalCleared, review };
  });
}

/**
 * Only an admin moves an app out of review: an owner's change to an approved app takes the review a
 * new app would get; a waiting app keeps waiting; a refused one asks again only while apps are held.
 */
export function reviewAfterChange(current: AppReview, forChange: AppReview): AppReview {
  if (current === "approved") return forChange;
  return forChange === "pending" ? "pending" : current;
}

export type RegisterAppOutcome =
  { ok: true; appId: string; secret: string | null; review: AppReview } | { ok: false; reason: "limit" };

export function registerApp(owner: Owner, input: AppDetails & { kind: AppKind }): Promise<RegisterAppOutcome> {
  return serializable(async (tx) => {
    if ((await countAppsOf(owner.id, tx)) >= APP_LIMIT) return { ok: false, reason: "limit" };
    const appId = newClientId();
    const review = reviewOfNewApp(owner, await appsHeldForReview(tx));
    await tx.oAuthApp.create({
      data: {
        id: appId,
        ownerId: owner.id,
        ...storedDetails(input),
        kind: input.kind,
        review,
      },
    });
    let secret: string | null = null;
    if (input.kind === "confidential") {
      const created = generateClientSecret();
      await tx.oAuthAppSecret.create({ data: { appId, secretHash: created.secretHash, prefix: created.prefix } });
      secret = created.secret;
    }
    await recordAuditIn(tx, {
      action: "app.registered",
      actor: owner,
      target: owner,
      after: { app: appId, name: input.name, kind: input.kind, scopes: input.scopes.join(" "), review },
    });
    return { ok: true, appId, secret, review };
  });
}

export type CreateSecretOutcome =
  { ok: true; secret: string; name: string } | { ok: false; reason: "missing" | "public" | "limit" };

/** A new secret beside the current one, so the app can switch without downtime; then retire the old. */
export function createAppSecret(owner: Person, appId: string): Promise<CreateSecretOutcome> {
  return serializable(async (tx) => {
    const app = await findOwnApp(owner.id, appId, tx);
    if (!app) return { ok: false, reason: "missing" };
    if (app.kind !== "confidential") return { ok: false, reason: "public" };
    if (app.secrets.length >= APP_SECRET_LIMIT) return { ok: false, reason: "limit" };
    const created = generateClientSecret();
    await tx.oAuthAppSecret.create({ data: { appId, secretHash: created.secretHash, prefix: created.prefix } });
    await recordAuditIn(tx, {
      action: "app.secret_created",
      actor: owner,
      target: owner,
      after: { app: appId, name: app.name, secret: created.prefix },
    });
    return { ok: true, secret: created.secret, name: app.name };
  });
}

export type DeleteSecretOutcome = { ok: true; name: string } | { ok: false; reason: "missing" | "last" };

export function deleteAppSecret(owner: Person, appId: string, secretId: string): Promise<DeleteSecretOutcome> {
  return serializable(async (tx) => {
    const app = await findOwnApp(owner.id, appId, tx);
    const secret = app?.secrets.find((candidate) => candidate.id === secretId);
    if (!app || !secret) return { ok: false, reason: "missing" };
    // A confidential app without a secret could not authenticate at all; delete the app instead.
    if (app.secrets.length === 1) return { ok: false, reason: "last" };
    await tx.oAuthAppSecret.delete({ where: { id: secretId } });
    await recordAuditIn(tx, {
      action: "app.secret_deleted",
      actor: owner,
      target: owner,
      before: { app: appId, name: app.name, secret: secret.prefix },
    });
    return { ok: true, name: app.name };
  });
}

/** Deletes an app and everything issued to it: its grants, codes and tokens stop working at once. */
export function deleteApp(owner: Person, appId: string): Promise<{ ok: true; name: string } | { ok: false }> {
  return serializable(async (tx) => {
    const app = await findOwnApp(owner.id, appId, tx);
    if (!app) return { ok: false };
    await tx.oAuthRecord.deleteMany({ where: { clientId: appId } });
    await tx.oAuthApp.delete({ where: { id: appId } });
    await recordAuditIn(tx, {
      action: "app.deleted",
      actor: owner,
      target: owner,
      before: { app: appId, name: app.name },
    });
    return { ok: true, name: app.name };
  });
}

/** An admin disables or re-enables an app: while disabled, it cannot sign anyone in and its tokens are refused. */
export function setAppDisabled(
  admin: Person,
  appId: string,
  disabled: boolean,
): Promise<{ ok: true; name: string } | { ok: false }> {
  return serializable(async (tx) => {
    const app = await tx.oAuthApp.findUnique({
      where: { id: appId },
      select: { name: true, disabledAt: true, owner: { select: { id: true, email: true } } },
    });
    if (!app) return { ok: false };
    if (Boolean(app.disabledAt) === disabled) return { ok: true, name: app.name };
    await tx.oAuthApp.update({ where: { id: appId }, data: { disabledAt: disabled ? new Date() : null } });
    await recordAuditIn(tx, {
      action: disabled ? "app.disabled" : "app.enabled",
      actor: admin,
      target: app.owner,
      after: { app: appId, name: app.name },
    });
    return { ok: true, name: app.name };
  });
}

/**
 * An admin approves a held app (it can sign people in from its next request) or refuses it (it
 * stays unable to; its owner sees so). Audited under the app's owner.
 */
export function reviewApp(
  admin: Person,
  appId: string,
  verdict: "approved" | "refused",
  /** The app's version (updatedAt, ms) the admin looked at: a verdict is on what they saw, or nothing. */
  seenVersion: number,
): Promise<{ ok: true; name: string } | { ok: false; reason: "missing" | "changed" }> {
  return serializable(async (tx) => {
    const app = await tx.oAuthApp.findUnique({
      where: { id: appId },
      select: {
        name: true,
        review: true,
        logoUrl: true,
        redirectUris: true,
        scopes: true,
        updatedAt: true,
        owner: { select: { id: true, email: true } },
      },
    });
    if (!app) return { ok: false, reason: "missing" };
    if (app.updatedAt.getTime() !== seenVersion) return { ok: false, reason: "changed" };
    if (app.review === verdict) return { ok: true, name: app.name };
    await tx.oAuthApp.update({ where: { id: appId }, data: { review: verdict } });
    // Refusing an app that had been approved ends what it holds, as deleting it would.
    if (verdict === "refused") await tx.oAuthRecord.deleteMany({ where: { clientId: appId } });
    await recordAuditIn(tx, {
      action: verdict === "approved" ? "app.approved" : "app.refused",
      actor: admin,
      target: app.owner,
      before: { review: app.review },
      after: {
        app: appId,
        name: app.name,
        logoUrl: app.logoUrl ?? "none",
        redirectUris: app.redirectUris,
        scopes: app.scopes,
      },
    });
    return { ok: true, name: app.name };
  });
}

export type AppSettings = { firstParty: boolean; serviceRole: string | null; accessTokenSeconds: number | null };

export function updateAppSettings(
  admin: Person & { role?: unknown },
  appId: string,
  settings: AppSettings,
): Promise<
  | { ok: true; name: string }
  | { ok: false; reason: "missing" | "public-service" | "unvouched" | "grants-role" | "unknown-role" }
  | { ok: false; reason: "beyond-role"; missing: Capability[] }
> {
  return serializable(async (tx) => {
    const app = await tx.oAuthApp.findUnique({
      where: { id: appId },
      select: {
        name: true,
        kind: true,
        firstParty: true,
        serviceRole: true,
        accessTokenSeconds: true,
        source: true,
        owner: { select: { id: true, email: true } },
      },
    });
    if (!app) return { ok: false, reason: "missing" };
    if (settings.serviceRole && !mayHaveServiceRole(app)) return { ok: false, reason: "public-service" };
    if (settings.firstParty && !mayBeFirstParty(app)) return { ok: false, reason: "unvouched" };
    if (settings.serviceRole !== app.serviceRole) {
      // Giving a role, or taking one away, hands on what it carries: only what the admin holds now.
      const [given, taken, me] = await Promise.all([
        settings.serviceRole ? findRole(settings.serviceRole, tx) : null,
        app.serviceRole ? findRole(app.serviceRole, tx) : null,
        actorNow(tx, admin),
      ]);
      if (settings.serviceRole && !mayGiveServiceRoles(me)) return { ok: false, reason: "grants-role" };
      if (settings.serviceRole && !given) return { ok: false, reason: "unknown-role" };
      const missing = notHeld(me, [...(given?.capabilities ?? []), ...(taken?.capabilities ?? [])]);
      if (missing.length) return { ok: false, reason: "beyond-role", missing: [...new Set(missing)] };
    }
    await tx.oAuthApp.update({ where: { id: appId }, data: settings });
    await recordAuditIn(tx, {
      action: "app.settings_changed",
      actor: admin,
      target: app.owner,
      before: {
        app: appId,
        name: app.name,
        firstParty: app.firstParty,
        serviceRole: app.serviceRole ?? "none",
        accessTokenSeconds: app.accessTokenSeconds ?? "default",
      },
      after: {
        firstParty: settings.firstParty,
        serviceRole: settings.serviceRole ?? "none",
        accessTokenSeconds: settings.accessTokenSeconds ?? "default",
      },
    });
    return { ok: true, name: app.name };
  });
}
