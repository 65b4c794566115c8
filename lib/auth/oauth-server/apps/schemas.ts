import { z } from "zod";
import {
  APP_ACCESS_TOKEN_SECONDS_BOUNDS,
  IDENTITY_SCOPES,
  SCOPE_NAMES,
  isBuiltInRole,
  isCustomRoleName,
  UNKNOWN_APP_RULES,
  type Scope,
} from "@/lib/auth/policy";
import { scopesField } from "@/lib/auth/scopes-field";
import { appIdInput, idInput, textInput } from "@/lib/validation/text";

export const APP_KINDS = ["confidential", "public"] as const;
export type AppKind = (typeof APP_KINDS)[number];

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const MAX_REDIRECT_URIS = 10;

/**
 * Why a redirect URI cannot be registered, or null. Redirects are matched exactly (RFC 9700 §4.1.3),
 * so what is stored must be a complete URL: https, http only to this machine (development and
 * native apps, RFC 8252 §7.3), or a native app's private scheme named after a domain (§7.1).
 */
export function redirectUriProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `“${value}” is not a complete URL.`;
  }
  if (url.hash || value.includes("#")) return `“${value}” has a fragment (#…); redirect URIs cannot.`;
  if (url.username || url.password) return `“${value}” carries a user name or password; remove them.`;
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:") {
    return LOOPBACK_HOSTS.has(url.hostname) ? null : `“${value}” uses http; use https (http is only for localhost).`;
  }
  if (/^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol)) return null;
  return `“${value}” must use https, http on localhost, or an app scheme such as com.example.app:/callback.`;
}

/**
 * An optional address shown to people: empty, or complete, with no user name or password in it. Links
 * (homepage, privacy policy, terms) may be http(s); a logo must be https, as the pages that show it
 * allow images from https origins only (never over http, which a network could rewrite).
 */
function webAddress(protocols: RegExp, message: string) {
  return textInput("The address cannot contain control characters.")
    .trim()
    .max(500, "Keep the address under 500 characters.")
    .refine((value) => {
      if (value === "") return true;
      try {
        const url = new URL(value);
        return protocols.test(url.protocol) && !url.username && !url.password && !/\s/.test(value);
      } catch {
        return false;
      }
    }, message)
    .default("");
}

const linkAddress = () => webAddress(/^https?:$/, "Give a complete http(s) address, or leave it empty.");

export const registerAppSchema = z.object({
  name: textInput("The name cannot contain control characters.", {
    typeError: "Give the app a name.",
    shownAsName: "The name cannot contain direction-changing characters.",
  })
    .trim()
    .min(1, "Give the app a name.")
    .max(100, "Keep the name under 100 characters."),
  homepageUrl: linkAddress(),
  privacyUrl: linkAddress(),
  termsUrl: linkAddress(),
  logoUrl: webAddress(/^https:$/, "Give a complete https address of an image, or leave it empty."),
  redirectUris: textInput("Redirect URIs cannot contain control characters other than line breaks.", {
    multiline: true,
    typeError: "Give at least one redirect URI.",
  })
    .max(5000, "Keep the list under 5,000 characters.")
    .transform((value) => [
      ...new Set(
        value
          .split(/\s+/)
          .map((line) => line.trim())
          .filter(Boolean),
      ),
    ])
    .superRefine((uris, context) => {
      if (uris.length === 0) context.addIssue({ code: "custom", message: "Give at least one redirect URI." });
      if (uris.length > MAX_REDIRECT_URIS)
        context.addIssue({ code: "custom", message: `Give at most ${MAX_REDIRECT_URIS} redirect URIs.` });
      for (const uri of uris) {
        const problem = uri.length > 500 ? "Keep each redirect URI under 500 characters." : redirectUriProblem(uri);
        if (problem) {
          context.addIssue({ code: "custom", message: problem });
          return;
        }
      }
    }),
  kind: z.enum(APP_KINDS, { error: "Choose what kind of app this is." }),
  scopes: scopesField(),
  // A checkbox: "on" when ticked.
  dpopBoundAccessTokens: z
    .literal("on", { error: "That box is either ticked or not." })
    .optional()
    .transform((value) => value === "on"),
});

/** Changing an app: everything but its kind, which decides how it proves itself. */
export const updateAppSchema = registerAppSchema.omit({ kind: true }).extend({
  appId: idInput("Missing app id.", "That app id is not valid."),
});

export const appIdSchema = z.object({ appId: idInput("Missing app id.", "That app id is not valid.") });

export const deleteSecretSchema = z.object({
  appId: idInput("Missing app id.", "That app id is not valid."),
  secretId: idInput("Missing secret id.", "That secret id is not valid."),
});

export const revokeGrantSchema = z.object({ grantId: idInput("Missing grant id.", "That grant id is not valid.") });

/** An admin's settings for an app (lib/auth/policy.ts canManageApps). */
export const appSettingsSchema = z.object({
  appId: appIdInput("Missing app id.", "That app id is not valid."),
  // A checkbox: present when ticked.
  firstParty: z
    .string()
    .optional()
    .transform((value) => value === "on" || value === "true"),
  // "none", or a role (built-in or custom: whether it exists, and whether the admin may give it, is
  // the command's question).
  serviceRole: z
    .string({ error: "Choose a role, or none." })
    .default("none")
    .refine((value) => value === "none" || isBuiltInRole(value) || isCustomRoleName(value), "Choose a role, or none."),
  accessTokenMinutes: z
    .string()
    .trim()
    .default("")
    .transform((value, context) => {
      if (value === "") return null;
      const minutes = Number(value);
      const { min, max } = APP_ACCESS_TOKEN_SECONDS_BOUNDS;
      if (!Number.isInteger(minutes) || minutes * 60 < min || minutes * 60 > max) {
        context.addIssue({
          code: "custom",
          message: `Give a whole number of minutes from ${min / 60} to ${max / 60}, or leave it empty.`,
        });
        return z.NEVER;
      }
      return minutes * 60;
    }),
});

export const setAppDisabledSchema = z.object({
  appId: appIdInput("Missing app id.", "That app id is not valid."),
  disabled: z.enum(["true", "false"]).transform((value) => value === "true"),
});

/** An admin's verdict on an app held for review. */
export const reviewAppSchema = z.object({
  appId: appIdInput("Missing app id.", "That app id is not valid."),
  verdict: z.enum(["approved", "refused"], { error: "Approve or refuse the app." }),
  version: z.coerce.number({ error: "Open the apps page again." }).int("Open the apps page again."),
});

/** Admin → Security: whether apps people register wait for an admin's approval. */
export const appReviewSettingSchema = z.object({
  // A checkbox: present when ticked.
  held: z
    .string()
    .optional()
    .transform((value) => value === "on" || value === "true"),
  // Absent from forms saved before it existed: off, as then.
  unknownApps: z.enum(UNKNOWN_APP_RULES, { error: "Choose off, held or allowed." }).default("off"),
});

// What an app nobody here registered may use (lib/auth/oauth-server/apps/queries.ts grantTypesOf).
const SELF_REGISTERED_GRANTS = ["authorization_code", "refresh_token"] as const;

/**
 * The client metadata of an app Gatehouse has never seen (RFC 7591 §2), from its registration
 * request or its metadata document, checked by the same rules as an app a person registers. Such an
 * app is public: it proves nothing with a secret, so PKCE is what protects its codes. Members this
 * does not name are ignored, as RFC 7591 §2 asks. Its scopes are the API scopes its `scope` names, or
 * all of them when it has no `scope`: each person still consents to each, and their role bounds what it gets.
 */
export const unknownAppMetadataSchema = z.object({
  client_name: registerAppSchema.shape.name,
  client_uri: linkAddress(),
  policy_uri: linkAddress(),
  tos_uri: linkAddress(),
  logo_uri: webAddress(/^https:$/, "logo_uri must be a complete https address of an image."),
  redirect_uris: z
    .array(
      textInput("A redirect URI cannot contain control characters.", {
        typeError: "Each redirect URI must be a string.",
      })
        // Stored space-separated: a space inside one would make two.
        .refine((uri) => !/\s/.test(uri), "A redirect URI cannot contain spaces."),
      { error: "Give redirect_uris as a list." },
    )
    .min(1, "Give at least one redirect URI.")
    .max(MAX_REDIRECT_URIS, `Give at most ${MAX_REDIRECT_URIS} redirect URIs.`)
    .superRefine((uris, context) => {
      for (const uri of uris) {
        const problem = uri.length > 500 ? "Keep each redirect URI under 500 characters." : redirectUriProblem(uri);
        if (problem) context.addIssue({ code: "custom", message: problem, params: { redirect: true } });
      }
    }),
  // Echoed in the answer only: Gatehouse decides the grants (grantTypesOf) and the response type (code).
  token_endpoint_auth_method: z
    .literal("none", {
      error: 'Only public apps (token_endpoint_auth_method "none", with PKCE) may register themselves here.',
    })
    .default("none"),
  grant_types: z
    .array(z.enum(SELF_REGISTERED_GRANTS, { error: `grant_types may name ${SELF_REGISTERED_GRANTS.join(", ")}.` }))
    .default(["authorization_code", "refresh_token"]),
  response_types: z
    .array(z.literal("code", { error: 'response_types may only be ["code"].' }))
    .min(1, 'response_types may only be ["code"].')
    .default(["code"]),
  scope: z
    .string({ error: "scope must be a string of space-separated scopes." })
    .max(1000, "Keep scope under 1,000 characters.")
    .optional()
    .superRefine((value, context) => {
      const unknown = (value ?? "")
        .split(" ")
        .filter((scope) => scope && !(SCOPE_NAMES as readonly string[]).includes(scope))
        .filter((scope) => !(IDENTITY_SCOPES as readonly string[]).includes(scope));
      if (unknown.length > 0)
        context.addIssue({ code: "custom", message: `Gatehouse does not know the scope ${unknown.join(", ")}.` });
    })
    .transform((value) => {
      const named = (value ?? "").split(" ").filter(Boolean);
      const api = named.filter((scope): scope is Scope => (SCOPE_NAMES as readonly string[]).includes(scope));
      // Naming none asks for everything the API has; naming some asks for those alone.
      return {
        api: value === undefined ? [...SCOPE_NAMES] : [...new Set(api)],
        identity: [...new Set(named.filter((scope) => (IDENTITY_SCOPES as readonly string[]).includes(scope)))],
      };
    }),
});
export type UnknownAppMetadata = z.infer<typeof unknownAppMetadataSchema>;
