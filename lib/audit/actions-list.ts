// Every kind of audit event, with the words the audit page shows for it.
export const AUDIT_ACTIONS = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Failed sign-in",
  "auth.sign_in_throttled": "Sign-in throttled",
  "auth.sign_up": "Signed up",
  "auth.sign_up_taken": "Sign-up with a registered email",
  "auth.sign_up_throttled": "Sign-ups throttled",
  "auth.sign_out": "Signed out",
  "auth.second_factor_failed": "Wrong sign-in code",
  "auth.second_factor_throttled": "Sign-in codes throttled",
  "mfa.totp_enrolled": "Authenticator app added",
  "mfa.totp_removed": "Authenticator app removed",
  "mfa.recovery_codes_generated": "Recovery codes generated",
  "mfa.recovery_code_used": "Recovery code used",
  "mfa.reset": "Two-step sign-in reset by an admin",
  "passkey.registered": "Passkey added",
  "passkey.removed": "Passkey removed",
  "passkey.clone_suspected": "Passkey possibly copied",
  "settings.second_factor_roles": "Roles requiring two-step sign-in changed",
  "email.verification_sent": "Address confirmation sent",
  "email.verified": "Address confirmed",
  "email.change_requested": "Email change requested",
  "email.changed": "Email changed",
  "email.change_undone": "Email change undone",
  "password.reset_requested": "Password reset requested",
  "password.reset_completed": "Password reset",
  "password.changed": "Password changed",
  "profile.renamed": "Name changed",
  "session.ended": "Session ended",
  "account.deleted": "Account deleted",
  "account.linked": "Sign-in provider linked",
  "account.unlinked": "Sign-in provider unlinked",
  "user.role_changed": "Role changed",
  "user.disabled": "Account disabled",
  "user.enabled": "Account enabled",
  "user.sessions_ended": "Sessions ended",
  "article.created": "Article created",
  "article.updated": "Article changed",
  "article.deleted": "Article deleted",
  "token.created": "API token created",
  "token.revoked": "API token revoked",
  // Entries written before tokens were tracked by network; new entries use the two below.
  "token.used_from_new_ip": "API token used from a new address",
  "token.used_from_new_network": "API token used from a new network",
  "token.many_networks": "API token used from many networks (no more entries today)",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === "string" && Object.hasOwn(AUDIT_ACTIONS, value);
}
