import { recordAuditIn } from "@/lib/audit/record";
import { APP_LIMIT, APP_SECRET_LIMIT, type Scope } from "@/lib/auth/policy";
import { serializable } from "@/lib/db-transaction";
import type { AppKind } from "@/lib/auth/oauth-server/apps/schemas";
import { countAppsOf, findOwnApp } from "@/lib/auth/oauth-server/apps/queries";
import { generateClientSecret, newClientId } from "@/lib/auth/oauth-server/apps/secret";

// Registering, changing and deleting OAuth apps, each with its audit entry in the same transaction.

type Person = { id: string; email: string };

export type RegisterAppOutcome = { ok: true; appId: string; secret: string | null } | { ok: false; reason: "limit" };

export function registerApp(
  owner: Person,
  input: { name: string; homepageUrl: string; redirectUris: string[]; kind: AppKind; scopes: Scope[] },
): Promise<RegisterAppOutcome> {
  return serializable(async (tx) => {
    if ((await countAppsOf(owner.id, tx)) >= APP_LIMIT) return { ok: false, reason: "limit" };
    const appId = newClientId();
    await tx.oAuthApp.create({
      data: {
        id: appId,
        ownerId: owner.id,
        name: input.name,
        homepageUrl: input.homepageUrl || null,
        redirectUris: input.redirectUris.join(" "),
        kind: input.kind,
        scopes: input.scopes.join(" "),
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
      after: { app: appId, name: input.name, kind: input.kind, scopes: input.scopes.join(" ") },
    });
    return { ok: true, appId, secret };
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
