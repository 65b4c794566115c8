import Bowser from "bowser";
import { isAuditAction, type AuditAction } from "@/lib/audit/catalogue";

// What an audit entry says, in words a person reads at a glance: "Ada Admin changed Wes Writer's
// role from editor to writer". The raw fields stay one click away on the audit page and in the CSV.

export type AuditEntry = {
  action: string;
  actorId: string | null;
  actorEmail: string | null;
  targetId: string | null;
  targetEmail: string | null;
  before: string | null;
  after: string | null;
};

/**
 * A sentence as parts: plain text, or a person to show by name (with their email on hover, and their
 * id while they still have an account, so the name can lead to their page).
 */
export type SentencePart = string | { person: { name: string; email: string | null; id?: string } };

type Names = ReadonlyMap<string, string | null>;

function parse(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : "");

const METHODS: Record<string, string> = {
  password: "a password",
  github: "GitHub",
  google: "Google",
  oidc: "single sign-on",
  passkey: "a passkey",
};

const SECOND_FACTORS: Record<string, string> = {
  totp: "a code from their authenticator app",
  "recovery-code": "a recovery code",
  passkey: "a passkey",
};
const LIMITS: Record<string, string> = {
  "account-and-network": "too many tries for this account from one network",
  network: "too many tries from one network",
  account: "too many tries for this account",
};

export function describeAuditEntry(entry: AuditEntry, names: Names): SentencePart[] {
  const before = parse(entry.before);
  const after = parse(entry.after);
  const personOf = (id: string | null, email: string | null): SentencePart =>
    id || email
      ? {
          person: {
            name: (id && names.get(id)) || email || "someone",
            email,
            ...(id && names.has(id) ? { id } : {}),
          },
        }
      : "Someone";
  const actor = personOf(entry.actorId, entry.actorEmail);
  const target = personOf(entry.targetId, entry.targetEmail);
  const sameOne = entry.actorId !== null && entry.actorId === entry.targetId;
  const whose: SentencePart[] = sameOne ? ["their own"] : [target, "’s"];
  const tokens = (count: unknown) =>
    Number(count) > 0 ? `, revoking ${Number(count)} API token${Number(count) === 1 ? "" : "s"}` : "";
  const via = after.via ? ` (through ${text(after.via)})` : "";
  // An app that registered itself has no owner to name.
  const ofOwner = (owner: SentencePart): SentencePart[] =>
    entry.targetId || entry.targetEmail ? [" of ", owner] : [" (nobody here registered it)"];

  const action = entry.action;
  if (!isAuditAction(action)) return [actor, ` did something recorded as “${action}”.`];
  const sentences: Record<AuditAction, () => SentencePart[]> = {
    "auth.sign_in": () => [
      actor,
      ` signed in with ${METHODS[text(after.method)] ?? text(after.method)}${after.secondFactor ? ` and ${SECOND_FACTORS[text(after.secondFactor)] ?? text(after.secondFactor)}` : ""}.`,
    ],
    "auth.sign_in_failed": () => ["A sign-in as ", target, " failed: the email or password was wrong."],
    "auth.sign_in_throttled": () => [
      "Sign-ins",
      ...(entry.targetEmail ? [" as ", target] : []),
      ` were paused for ${Math.ceil(Number(after.retryAfterSeconds ?? 0) / 60)} min: ${LIMITS[text(after.limit)] ?? "too many tries"}.`,
    ],
    "auth.sign_up": () => [
      actor,
      ` signed up${after.method ? ` with ${METHODS[text(after.method)] ?? text(after.method)}` : " with a password"}.`,
    ],
    "auth.sign_up_taken": () => ["Someone tried to sign up as ", target, ", who already has an account."],
    "auth.sign_up_throttled": () => [
      `Sign-ups from one network were paused for ${Math.ceil(Number(after.retryAfterSeconds ?? 0) / 60)} min.`,
    ],
    "auth.sign_out": () => [actor, after.app ? ` signed out, asked by the app “${text(after.app)}”.` : " signed out."],
    "auth.second_factor_failed": () => [
      "A sign-in as ",
      target,
      " passed its first step, then a wrong code was entered.",
    ],
    "auth.second_factor_throttled": () => [
      "Sign-in codes for ",
      target,
      ` were paused for ${Math.ceil(Number(after.retryAfterSeconds ?? 0) / 60)} min: too many wrong codes.`,
    ],
    "mfa.totp_enrolled": () => [actor, " turned on two-step sign-in with an authenticator app."],
    "mfa.totp_removed": () => [actor, " turned off two-step sign-in (authenticator app and recovery codes)."],
    "mfa.recovery_codes_generated": () => [actor, " generated new recovery codes; the old ones stopped working."],
    "mfa.recovery_code_used": () => [
      actor,
      ` signed in with a recovery code (${Number(after.recoveryCodesLeft ?? 0)} left).`,
    ],
    "settings.second_factor_roles": () => [
      actor,
      ` changed which roles must use two-step sign-in from ${text(before.roles) || "none"} to ${text(after.roles) || "none"}.`,
    ],
    "settings.app_review": () => [
      actor,
      after.people === before.people && (after.unknown ?? "off") === (before.unknown ?? "off")
        ? ` saved the rules for new apps unchanged (people's apps ${after.people === "held" ? "held for approval" : "not held"}; apps never seen ${text(after.unknown ?? "off")}).`
        : ` changed the rules for new apps: people's apps ${text(before.people)} → ${text(after.people)}; apps never seen ${text(before.unknown ?? "off")} → ${text(after.unknown ?? "off")}.`,
    ],
    "passkey.registered": () => [actor, ` added the passkey “${text(after.name)}”.`],
    "passkey.removed": () => [actor, ` removed the passkey “${text(before.name)}”.`],
    "passkey.clone_suspected": () => [
      "A sign-in with ",
      target,
      `’s passkey “${text(after.name)}” was refused: its signature counter went back, as a copied passkey’s would.`,
    ],
    "mfa.reset": () => [
      actor,
      " reset ",
      target,
      "’s two-step sign-in: their authenticator app, recovery codes and passkeys were removed, and every session ended.",
    ],
    "email.verification_sent": () =>
      sameOne || !entry.actorId
        ? ["A link to confirm the address was sent to ", target, "."]
        : [actor, " sent ", target, " a new link to confirm their address."],
    "email.verified": () => [target, " confirmed their email address."],
    "email.change_requested": () => [actor, ` asked to change their address to ${text(after.email)}.`],
    "email.changed": () => [actor, ` changed their address from ${text(before.email)} to ${text(after.email)}.`],
    "email.change_undone": () => [
      target,
      ` undid the change of their address, back from ${text(before.email)} to ${text(after.email)}; every session ended.`,
    ],
    "password.reset_requested": () =>
      sameOne || !entry.actorId
        ? ["A password reset link was sent to ", target, "."]
        : [actor, " sent ", target, " a password reset link."],
    "password.reset_completed": () => [target, " set a new password through a reset link; every session ended."],
    "password.changed": () => [
      actor,
      ` changed their password${Number(after.sessionsEnded) > 0 ? `, signing out ${Number(after.sessionsEnded)} other session${Number(after.sessionsEnded) === 1 ? "" : "s"}` : ""}.`,
    ],
    "profile.renamed": () => [
      actor,
      ` changed their name${text(before.name) ? ` from “${text(before.name)}”` : ""} to “${text(after.name)}”.`,
    ],
    "session.ended": () =>
      sameOne
        ? [
            actor,
            ` signed out ${Number(after.count) === 1 ? "one of their sessions" : `${Number(after.count)} of their sessions`}${after.where ? ` (${text(after.where)})` : ""}.`,
          ]
        : [actor, " ended ", target, `’s session${after.where ? ` on ${text(after.where)}` : ""}.`],
    "account.deleted": () => [
      actor,
      ` deleted their account${tokens(after.tokensRevoked)}; articles they wrote stay, by “a former member”.`,
    ],
    "account.linked": () => [
      actor,
      ` linked ${METHODS[text(after.provider)] ?? text(after.provider)} to their account.`,
    ],
    "account.unlinked": () => [
      actor,
      ` unlinked ${METHODS[text(before.provider)] ?? text(before.provider)} from their account.`,
    ],
    "user.role_changed": () => [
      actor,
      " changed ",
      ...whose,
      ` role from ${text(before.role)} to ${text(after.role)}.`,
    ],
    "impersonation.started": () => [
      actor,
      " started viewing as ",
      target,
      ` for at most ${Number(after.minutes ?? 15)} minutes: “${text(after.reason)}”.`,
    ],
    "impersonation.ended": () => [actor, ` ${VIEWING_ENDS[text(after.why)] ?? "stopped"} viewing as `, target, "."],
    "impersonation.viewed": () => [actor, " as ", target, `: opened ${text(after.path)} (“${text(after.reason)}”).`],
    "impersonation.refused": () => [
      actor,
      " as ",
      target,
      `: a change was refused, since viewing is read-only (“${text(after.reason)}”).`,
    ],
    "role.created": () => [
      actor,
      ` created the role ${text(after.name)} (“${text(after.label)}”), carrying ${text(after.capabilities).split(" ").join(", ")}.`,
    ],
    "role.changed": () => [actor, ` changed the role ${text(after.name)}: ${roleChanges(before, after)}.`],
    "role.deleted": () => [
      actor,
      ` deleted the role ${text(before.name)} (“${text(before.label)}”)${Number(after.people ?? 0) + Number(after.apps ?? 0) > 0 ? `, moving ${Number(after.people ?? 0)} people and ${Number(after.apps ?? 0)} apps to ${text(after.movedTo)}` : ""}.`,
    ],
    "user.disabled": () => [actor, " disabled ", ...whose, ` account${tokens(after.tokensRevoked)}.`],
    "user.enabled": () => [actor, " enabled ", ...whose, " account again."],
    "user.sessions_ended": () => [
      actor,
      " ended every session of ",
      sameOne ? "their own" : target,
      `${tokens(after.tokensRevoked)}.`,
    ],
    "article.created": () => [actor, ` published “${text(after.title)}”${via}.`],
    "article.updated": () => [
      actor,
      ` changed “${text(after.title)}”${text(before.title) && before.title !== after.title ? ` (it was “${text(before.title)}”)` : ""}${via}.`,
    ],
    "article.deleted": () => [actor, ` deleted “${text(before.title)}”${via}.`],
    "token.created": () => [
      actor,
      ` created the API token “${text(after.name)}” (${text(after.scopes).split(" ").join(", ")}).`,
    ],
    "token.revoked": () => [
      actor,
      ` revoked ${sameOne ? "their" : ""}`,
      ...(sameOne ? [] : [target, "’s"]),
      ` API token “${text(before.name)}”.`,
    ],
    "token.used_from_new_ip": () => [
      "API token ",
      text(after.token),
      "… of ",
      target,
      ` was used from a new address, ${text(after.ip)}.`,
    ],
    "token.used_from_new_network": () => [
      "API token ",
      text(after.token),
      "… of ",
      target,
      ` was used from a new network, ${text(after.network)}.`,
    ],
    "token.many_networks": () => [
      "API token ",
      text(after.token),
      "… of ",
      target,
      ` was used from more than ${text(after.entriesPerDay)} networks today; further ones are not recorded today.`,
    ],
    "app.registered": () => [
      actor,
      ` registered the OAuth app “${text(after.name)}”${after.review === "pending" ? ", held for an admin's review" : ""}.`,
    ],
    "app.self_registered": () => [
      `The OAuth app “${text(after.name)}” ${after.source === "document" ? `came by its metadata document (${text(after.app)})` : `registered itself from ${text(after.network)}`}${after.review === "pending" ? ", held for an admin's review" : ""}.`,
    ],
    "app.approved": () => [actor, ` approved the OAuth app “${text(after.name)}”`, ...ofOwner(target), "."],
    "app.refused": () => [actor, ` refused the OAuth app “${text(after.name)}”`, ...ofOwner(target), "."],
    "app.updated": () => [
      // An app known by its metadata document changes when the document does.
      entry.actorId || entry.actorEmail ? actor : "Its metadata document",
      ` changed the OAuth app “${text(after.name)}”${after.review === "pending" ? ", held for an admin's review again" : ""}.`,
    ],
    "app.secret_created": () => [
      actor,
      ` created a secret (${text(after.secret)}…) for the OAuth app “${text(after.name)}”.`,
    ],
    "app.secret_deleted": () => [
      actor,
      ` deleted a secret (${text(before.secret)}…) of the OAuth app “${text(before.name)}”.`,
    ],
    "app.deleted": () => [actor, ` deleted the OAuth app “${text(before.name)}”.`],
    "app.disabled": () => [actor, ` disabled the OAuth app “${text(after.name)}”`, ...ofOwner(target), "."],
    "app.enabled": () => [actor, ` enabled the OAuth app “${text(after.name)}”`, ...ofOwner(target), " again."],
    "app.approval_cleared": () => [
      actor,
      ` changed the OAuth app “${text(before.name)}” (now “${text(after.name)}”), so an admin's approval was cleared: first-party ${text(before.firstParty)} → false, service role ${text(before.serviceRole)} → none.`,
    ],
    "app.settings_changed": () => [
      actor,
      ` changed the OAuth app “${text(before.name)}”: first-party ${text(after.firstParty)}, service role ${text(after.serviceRole)}, token lifetime ${text(after.accessTokenSeconds)}.`,
    ],
    "app.refresh_token_reused": () => [
      "A refresh token of the app “",
      text(after.app),
      "” was used twice, so its access for ",
      target,
      " was revoked (a copy may have been stolen).",
    ],
    "app.client_authentication_failed": () => [
      `The OAuth app ${text(after.client)} failed to authenticate at the token endpoint (${text(after.reason)}).`,
    ],
    "app.read_calls": () => [
      actor,
      ` made ${Number(after.count ?? 0)} read call${Number(after.count) === 1 ? "" : "s"}${via} in the hour from ${text(after.hour).slice(11, 16)} UTC on ${text(after.hour).slice(0, 10)}.`,
    ],
    "app.registrations_throttled": () => [
      `Apps registering themselves from ${text(after.network)} were paused for an hour: too many registrations.`,
    ],
    "app.device_codes_throttled": () => [
      `Device codes entered from one network were paused for ${Math.ceil(Number(after.retryAfterSeconds ?? 0) / 60)} min: too many tries.`,
    ],
    "app.consent_granted": () => [
      actor,
      ` gave the app “${text(after.app)}” access (${text(after.scopes).split(" ").join(", ")}).`,
    ],
    "app.consent_revoked": () => [actor, ` took back the access of the app “${text(before.app)}”.`],
    "webhook.created": () => [
      actor,
      ` added the webhook endpoint ${text(after.url)} for ${text(after.events).split(" ").filter(Boolean).length} events.`,
    ],
    "webhook.changed": () => [actor, ` changed the webhook endpoint ${text(after.url)}.`],
    "webhook.deleted": () => [actor, ` deleted the webhook endpoint ${text(before.url)}.`],
    "webhook.secret_rotated": () => [actor, ` rotated the signing secret of the webhook endpoint ${text(after.url)}.`],
    "webhook.paused": () =>
      entry.actorId
        ? [actor, ` paused the webhook endpoint ${text(after.url)}.`]
        : [
            `The webhook endpoint ${text(after.url)} was paused: every attempt to deliver ${text(after.event)} failed (${text(after.attempts)} attempts).`,
          ],
    "webhook.resumed": () => [actor, ` resumed the webhook endpoint ${text(after.url)}.`],
    "webhook.redelivered": () => [
      actor,
      ` sent ${text(after.events)} webhook event${after.events === 1 ? "" : "s"} again${after.since ? ` (since ${text(after.since).slice(0, 16).replace("T", " ")} UTC)` : ""}.`,
    ],
  };
  return sentences[action]();
}

/** The same sentence as plain text (for titles and tests). */
export function sentenceText(parts: SentencePart[]): string {
  return parts.map((part) => (typeof part === "string" ? part : part.person.name)).join("");
}

/** "Chrome 156 on Linux" from a user agent; a non-browser client by its own name ("curl 8.5"). */
export function summariseUserAgent(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name
    ? `${parsed.browser.name}${parsed.browser.version ? ` ${parsed.browser.version.split(".")[0]}` : ""}`
    : null;
  const os = parsed.os.name ?? null;
  if (browser) return os ? `${browser} on ${os}` : browser;
  const first = userAgent.split(/\s/)[0] ?? "";
  return first.replace("/", " ").slice(0, 40) || null;
}

/** An address as a person reads it: the loopback addresses are this server itself. */
export function describeAddress(ip: string | null): string {
  if (!ip) return "an unknown address";
  if (ip === "::1" || ip === "127.0.0.1") return "this server (localhost)";
  return ip;
}

/** What a role's edit changed, in words: its label, description and capabilities before → after. */
function roleChanges(before: Record<string, unknown>, after: Record<string, unknown>): string {
  const changes: string[] = [];
  if (before.label !== after.label) changes.push(`label “${text(before.label)}” → “${text(after.label)}”`);
  if (before.description !== after.description) changes.push("description");
  const was = new Set(text(before.capabilities).split(" ").filter(Boolean));
  const now = new Set(text(after.capabilities).split(" ").filter(Boolean));
  const added = [...now].filter((capability) => !was.has(capability));
  const removed = [...was].filter((capability) => !now.has(capability));
  if (added.length) changes.push(`added ${added.join(", ")}`);
  if (removed.length) changes.push(`removed ${removed.join(", ")}`);
  return changes.length ? changes.join("; ") : "nothing";
}

/** How a "View as" ended, as the audit log says it. */
const VIEWING_ENDS: Record<string, string> = {
  stopped: "stopped",
  "time-up": "ran out of time",
  "no-longer-allowed": "could no longer go on",
  "session-ended": "signed out, ending",
};
