"use server";

import { revalidatePath } from "next/cache";
import { guardAction } from "@/lib/auth/guards/action";
import { beyondYourRole } from "@/lib/roles/commands";
import { APP_LIMIT, APP_SECRET_LIMIT, canManageApps, canRegisterApps } from "@/lib/auth/policy";
import {
  createAppSecret,
  deleteApp,
  deleteAppSecret,
  registerApp,
  reviewApp,
  setAppDisabled,
  updateApp,
  updateAppSettings,
} from "@/lib/auth/oauth-server/apps/commands";
import {
  appIdSchema,
  appReviewSettingSchema,
  appSettingsSchema,
  deleteSecretSchema,
  registerAppSchema,
  reviewAppSchema,
  revokeGrantSchema,
  setAppDisabledSchema,
  updateAppSchema,
} from "@/lib/auth/oauth-server/apps/schemas";
import { revokeGrant } from "@/lib/auth/oauth-server/grants";
import type { AppDetails } from "@/lib/auth/oauth-server/apps/commands";
import { recordAudit } from "@/lib/audit/record";
import { appReviewRules, setAppReviewRules } from "@/lib/settings/queries";

const APPS_PATH = "/settings/apps";

/** What the form sent, to show again after a refusal. */
function echoedDetails(input: AppDetails): Record<string, string> {
  return {
    name: input.name,
    homepageUrl: input.homepageUrl,
    privacyUrl: input.privacyUrl,
    termsUrl: input.termsUrl,
    logoUrl: input.logoUrl,
    redirectUris: input.redirectUris.join("\n"),
    scopes: input.scopes.join(","),
    ...(input.dpopBoundAccessTokens ? { dpopBoundAccessTokens: "on" } : {}),
  };
}

export const updateAppAction = guardAction(
  "read",
  updateAppSchema,
  async ({ appId, ...input }, person) => {
    const updated = await updateApp(person, appId, input);
    if (!updated.ok) return { status: "error", message: "That app does not exist.", values: echoedDetails(input) };
    revalidatePath(APPS_PATH);
    const cleared = updated.approvalCleared
      ? " An admin had approved the app as it was (first-party or a service role): that approval is cleared until an admin gives it again."
      : "";
    const held = updated.review === "pending" ? " It waits for an admin's approval before it can sign anyone in." : "";
    return {
      status: "success",
      message: `Saved “${input.name}”. The changes bind on its next sign-in request.${cleared}${held}`,
    };
  },
  // Where an app may send codes and what it may ask for are as dangerous as a new secret.
  { freshAuthentication: true },
);

export const registerAppAction = guardAction(
  "read",
  registerAppSchema,
  async (input, person) => {
    const values = { ...echoedDetails(input), kind: input.kind };
    if (!canRegisterApps(person)) return { status: "error", message: "Your role cannot register apps.", values };
    const registered = await registerApp(person, input);
    if (!registered.ok) {
      return {
        status: "error",
        message: `You have ${APP_LIMIT} apps, the most one person may hold. Delete one first.`,
        values,
      };
    }
    revalidatePath(APPS_PATH);
    const held =
      registered.review === "pending" ? " It waits for an admin's approval before it can sign anyone in." : "";
    return {
      status: "success",
      message: registered.secret
        ? `App “${input.name}” registered. Its client id is ${registered.appId}. Copy the client secret now: it will not be shown again.${held}`
        : `App “${input.name}” registered. Its client id is ${registered.appId}; as a public app it uses PKCE and has no secret.${held}`,
      secret: registered.secret ?? undefined,
      createdId: registered.appId,
    };
  },
  // An app with a secret is a standing credential: registering one needs a recent authentication.
  { freshAuthentication: true },
);

export const createAppSecretAction = guardAction(
  "read",
  appIdSchema,
  async ({ appId }, person) => {
    const created = await createAppSecret(person, appId);
    if (!created.ok) {
      const message = {
        missing: "That app does not exist.",
        public: "A public app has no secret: it proves itself with PKCE.",
        limit: `An app can have ${APP_SECRET_LIMIT} secrets at once. Delete the old one first.`,
      }[created.reason];
      return { status: "error", message };
    }
    revalidatePath(APPS_PATH);
    return {
      status: "success",
      message: `New secret for “${created.name}”. Copy it now: it will not be shown again. The old one works until you delete it.`,
      secret: created.secret,
      createdId: appId,
    };
  },
  { freshAuthentication: true },
);

export const deleteAppSecretAction = guardAction("read", deleteSecretSchema, async ({ appId, secretId }, person) => {
  const deleted = await deleteAppSecret(person, appId, secretId);
  if (!deleted.ok) {
    return {
      status: "error",
      message:
        deleted.reason === "last"
          ? "This is the app’s only secret. Create a new one first, or delete the app."
          : "That secret does not exist.",
    };
  }
  revalidatePath(APPS_PATH);
  return { status: "success", message: `The secret of “${deleted.name}” is deleted; it stops working at once.` };
});

export const deleteAppAction = guardAction("read", appIdSchema, async ({ appId }, person) => {
  const deleted = await deleteApp(person, appId);
  if (!deleted.ok) return { status: "error", message: "That app does not exist." };
  revalidatePath(APPS_PATH);
  return { status: "success", message: `App “${deleted.name}” is deleted; its tokens stopped working.` };
});

export const revokeGrantAction = guardAction(null, revokeGrantSchema, async ({ grantId }, person) => {
  const revoked = await revokeGrant(person, grantId);
  if (!revoked.ok) return { status: "error", message: "That app has no access to take back." };
  revalidatePath("/settings/connected-apps");
  return { status: "success", message: `“${revoked.appName}” no longer has access; its tokens stopped working.` };
});

const ADMIN_APPS_PATH = "/admin/apps";

export const setAppDisabledAction = guardAction(
  "manage-apps",
  setAppDisabledSchema,
  async ({ appId, disabled }, admin) => {
    if (!canManageApps(admin)) return { status: "error", message: "Your role cannot manage apps." };
    const changed = await setAppDisabled(admin, appId, disabled);
    if (!changed.ok) return { status: "error", message: "That app does not exist." };
    revalidatePath(ADMIN_APPS_PATH);
    return {
      status: "success",
      message: disabled
        ? `“${changed.name}” is disabled: it cannot sign anyone in and its tokens are refused.`
        : `“${changed.name}” is enabled again.`,
    };
  },
);

export const updateAppSettingsAction = guardAction(
  "manage-apps",
  appSettingsSchema,
  async ({ appId, firstParty, serviceRole, accessTokenMinutes }, admin) => {
    if (!canManageApps(admin)) return { status: "error", message: "Your role cannot manage apps." };
    const changed = await updateAppSettings(admin, appId, {
      firstParty,
      serviceRole: serviceRole === "none" ? null : serviceRole,
      accessTokenSeconds: accessTokenMinutes,
    });
    if (!changed.ok) {
      return {
        status: "error",
        message:
          changed.reason === "missing"
            ? "That app does not exist."
            : changed.reason === "unvouched"
              ? "Only an app someone in your organisation registered can be first-party: nobody here vouches for this one."
              : changed.reason === "grants-role"
                ? "Giving an app a service role gives it a role: your role cannot change roles."
                : changed.reason === "unknown-role"
                  ? "There is no such role any more. Reload the page."
                  : changed.reason === "beyond-role"
                    ? beyondYourRole("That service role", changed.missing)
                    : "Only a web app with a secret can have a service role: it must prove it is itself.",
      };
    }
    revalidatePath(ADMIN_APPS_PATH);
    return { status: "success", message: `Saved the settings of “${changed.name}”.` };
  },
  // A service role is a standing credential for whoever holds the app's secret.
  { freshAuthentication: true },
);

export const reviewAppAction = guardAction(
  "manage-apps",
  reviewAppSchema,
  async ({ appId, verdict, version }, admin) => {
    if (!canManageApps(admin)) return { status: "error", message: "Your role cannot manage apps." };
    const reviewed = await reviewApp(admin, appId, verdict, version);
    revalidatePath(ADMIN_APPS_PATH);
    if (!reviewed.ok) {
      return {
        status: "error",
        message:
          reviewed.reason === "missing"
            ? "That app does not exist."
            : "The app changed since this page was opened: nothing was decided. Look at it again, then decide.",
      };
    }
    return {
      status: "success",
      message:
        verdict === "approved"
          ? `“${reviewed.name}” is approved: it can sign people in from its next request.`
          : `“${reviewed.name}” is refused: it cannot sign anyone in.`,
    };
  },
  // Approving lets an app ask anyone for access.
  { freshAuthentication: true },
);

export const setAppReviewAction = guardAction(
  "manage-security",
  appReviewSettingSchema,
  async ({ held, unknownApps }, admin) => {
    const before = await appReviewRules();
    await setAppReviewRules({ peopleHeld: held, unknownApps });
    // Every save is recorded, as the two-step roles' are: who looked at this setting and kept it, too.
    await recordAudit({
      action: "settings.app_review",
      actor: admin,
      before: { people: before.peopleHeld ? "held" : "off", unknown: before.unknownApps },
      after: { people: held ? "held" : "off", unknown: unknownApps },
    });
    revalidatePath("/admin/security");
    const people = held
      ? "Apps people register from now on wait for an admin's approval."
      : "Apps people register work at once.";
    const unknown = {
      off: "Apps Gatehouse has never seen cannot register.",
      held: "Apps Gatehouse has never seen wait for an admin's approval.",
      allowed: "Apps Gatehouse has never seen work at once, after each person's consent.",
    }[unknownApps];
    return { status: "success", message: `Saved. ${people} ${unknown}` };
  },
  // Switching review off lets any app sign people in from then on.
  { freshAuthentication: true },
);
