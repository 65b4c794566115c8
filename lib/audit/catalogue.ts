// Every kind of audit event, as data: the words the audit log shows for it, and whether it is a
// security event (the admin overview's "latest security events" lists those, and the audit log
// marks them). Webhooks' events are audit actions too (lib/webhooks/catalogue.ts).
export const AUDIT_CATALOGUE = {
  "auth.sign_in": { label: "Signed in" },
  "auth.sign_in_failed": { label: "Failed sign-in", security: true },
  "auth.sign_in_throttled": { label: "Sign-in throttled", security: true },
  "auth.sign_up": { label: "Signed up" },
  "auth.sign_up_taken": { label: "Sign-up with a registered email" },
  "auth.sign_up_throttled": { label: "Sign-ups throttled", security: true },
  "auth.sign_out": { label: "Signed out" },
  "auth.second_factor_failed": { label: "Wrong sign-in code" },
  "auth.second_factor_throttled": { label: "Sign-in codes throttled" },
  "mfa.totp_enrolled": { label: "Authenticator app added" },
  "mfa.totp_removed": { label: "Authenticator app removed" },
  "mfa.recovery_codes_generated": { label: "Recovery codes generated" },
  "mfa.recovery_code_used": { label: "Recovery code used" },
  "mfa.reset": { label: "Two-step sign-in reset by an admin" },
  "passkey.registered": { label: "Passkey added" },
  "passkey.removed": { label: "Passkey removed" },
  "passkey.clone_suspected": { label: "Passkey possibly copied" },
  "settings.second_factor_roles": { label: "Roles requiring two-step sign-in changed" },
  "settings.app_review": { label: "Rules for new apps changed", security: true },
  "email.verification_sent": { label: "Address confirmation sent" },
  "email.verified": { label: "Address confirmed" },
  "email.change_requested": { label: "Email change requested" },
  "email.changed": { label: "Email changed" },
  "email.change_undone": { label: "Email change undone" },
  "password.reset_requested": { label: "Password reset requested" },
  "password.reset_completed": { label: "Password reset" },
  "password.changed": { label: "Password changed" },
  "profile.renamed": { label: "Name changed" },
  "session.ended": { label: "Session ended" },
  "account.deleted": { label: "Account deleted" },
  "account.linked": { label: "Sign-in provider linked" },
  "account.unlinked": { label: "Sign-in provider unlinked" },
  "user.role_changed": { label: "Role changed" },
  "role.created": { label: "Role created", security: true },
  "role.changed": { label: "Role changed (what it carries)", security: true },
  "role.deleted": { label: "Role deleted", security: true },
  "impersonation.started": { label: "Viewing as someone started", security: true },
  "impersonation.ended": { label: "Viewing as someone ended" },
  "impersonation.viewed": { label: "Page viewed as someone" },
  "impersonation.refused": { label: "Change refused while viewing as someone" },
  "user.disabled": { label: "Account disabled", security: true },
  "user.enabled": { label: "Account enabled" },
  "user.sessions_ended": { label: "Sessions ended", security: true },
  "article.created": { label: "Article created" },
  "article.updated": { label: "Article changed" },
  "article.deleted": { label: "Article deleted" },
  "token.created": { label: "API token created" },
  "token.revoked": { label: "API token revoked" },
  // Entries written before tokens were tracked by network; new entries use the two below.
  "token.used_from_new_ip": { label: "API token used from a new address" },
  "token.used_from_new_network": { label: "API token used from a new network" },
  "token.many_networks": { label: "API token used from many networks (no more entries today)", security: true },
  "app.registered": { label: "OAuth app registered" },
  "app.self_registered": { label: "App registered itself", security: true },
  "app.updated": { label: "OAuth app changed" },
  "app.secret_created": { label: "OAuth app secret created" },
  "app.secret_deleted": { label: "OAuth app secret deleted" },
  "app.deleted": { label: "OAuth app deleted" },
  "app.disabled": { label: "OAuth app disabled" },
  "app.enabled": { label: "OAuth app enabled" },
  "app.settings_changed": { label: "OAuth app settings changed" },
  "app.approved": { label: "OAuth app approved" },
  "app.refused": { label: "OAuth app refused" },
  "app.approval_cleared": { label: "OAuth app changed by its owner: admin approval cleared", security: true },
  "app.refresh_token_reused": { label: "Refresh token used twice (grant revoked)", security: true },
  "app.client_authentication_failed": { label: "OAuth app failed to authenticate", security: true },
  "app.device_codes_throttled": { label: "Device codes throttled", security: true },
  "app.registrations_throttled": { label: "App registrations throttled", security: true },
  "app.read_calls": { label: "Agent read calls (per hour)" },
  "app.consent_granted": { label: "App given access" },
  "app.consent_revoked": { label: "App access revoked" },
  "webhook.created": { label: "Webhook endpoint added", security: true },
  "webhook.changed": { label: "Webhook endpoint changed", security: true },
  "webhook.deleted": { label: "Webhook endpoint deleted" },
  "webhook.secret_rotated": { label: "Webhook signing secret rotated" },
  "webhook.paused": { label: "Webhook endpoint paused" },
  "webhook.resumed": { label: "Webhook endpoint resumed" },
  "webhook.redelivered": { label: "Webhook events sent again" },
} as const satisfies Record<string, { label: string; security?: true }>;

export type AuditAction = keyof typeof AUDIT_CATALOGUE;

export const AUDIT_ACTIONS = Object.keys(AUDIT_CATALOGUE) as AuditAction[];

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === "string" && Object.hasOwn(AUDIT_CATALOGUE, value);
}

/** The words the audit log shows for an action (an unknown one, from an older version, as it is). */
export function auditLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_CATALOGUE[action].label : action;
}

export function isSecurityEvent(action: string): boolean {
  return isAuditAction(action) && "security" in AUDIT_CATALOGUE[action];
}

// How the audit log's event filter groups the catalogue: security events together, the rest by what
// they are about (the part of the action before the dot).
const GROUPS_BY_PREFIX: Record<string, string> = {
  auth: "Sign-in",
  mfa: "Sign-in",
  passkey: "Sign-in",
  email: "People",
  password: "People",
  profile: "People",
  session: "People",
  account: "People",
  user: "People",
  role: "People",
  impersonation: "People",
  settings: "People",
  token: "Tokens",
  app: "Apps",
  article: "Articles",
  webhook: "Webhooks",
};

/** The group an action is filed under in the audit log's event filter. */
export function auditGroup(action: AuditAction): string {
  return isSecurityEvent(action) ? "Security" : GROUPS_BY_PREFIX[action.split(".")[0]];
}

/** The security events, in the catalogue's order. */
export const SECURITY_ACTIONS = AUDIT_ACTIONS.filter(isSecurityEvent);
