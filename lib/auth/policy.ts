// The single source of truth for access. Middleware, pages, server actions, route handlers and
// the tests all ask this module; nothing else decides who may do what.
//
// Edge-safe on purpose (no Prisma, no Node APIs): middleware imports it.

// Roles: four built in, whose capabilities are the code's (below), and any an admin defines
// (Admin → Roles, lib/roles), whose capabilities are data read with the person on every request.
export const BUILT_IN_ROLES = ["user", "writer", "editor", "admin"] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

// What a person may do with articles, and the powers of the admin panel, one each: a role is a set
// of them. The admin panel's are split by what admins actually do, so a role can hold some (an
// auditor reads the log and changes nothing; support staff end sessions but change no roles).
// "update-own" and "delete-own" are the same powers limited to what the person wrote: the policy
// decides them from the article's author (mayChangeArticle below).
export const ARTICLE_CAPABILITIES = ["read", "create", "update-own", "delete-own", "update", "delete"] as const;
export const ADMIN_CAPABILITIES = [
  "change-roles",
  "manage-access",
  "read-audit",
  "manage-apps",
  "manage-security",
  "manage-roles",
  "impersonate",
  "manage-webhooks",
] as const;
export const CAPABILITIES = [...ARTICLE_CAPABILITIES, ...ADMIN_CAPABILITIES] as const;
export type ArticleCapability = (typeof ARTICLE_CAPABILITIES)[number];
export type Capability = (typeof CAPABILITIES)[number];

// Each role carries everything the one before it has, plus more; admin holds every capability.
const BUILT_IN_CAPABILITIES: Record<BuiltInRole, readonly Capability[]> = {
  user: ["read"],
  writer: ["read", "create", "update-own", "delete-own"],
  editor: ["read", "create", "update-own", "delete-own", "update"],
  admin: CAPABILITIES,
};

export const CAPABILITY_LABELS: Record<Capability, string> = {
  read: "read articles",
  create: "create articles",
  "update-own": "edit the articles they wrote",
  "delete-own": "delete the articles they wrote",
  update: "edit anyone's articles",
  delete: "delete anyone's articles",
  "change-roles": "change people's roles",
  "manage-access":
    "disable people, end their sessions, revoke their API tokens, reset their two-step sign-in and send them account mail",
  "read-audit": "read, export and verify the audit log",
  "manage-apps": "review, disable and configure OAuth apps and agents",
  "manage-security":
    "change security settings (two-step sign-in, rules for new apps) and mint tokens that never expire",
  "manage-roles": "create, edit and delete roles",
  impersonate: "view Gatehouse as someone else, read-only, for 15 minutes, with a reason (View as)",
  "manage-webhooks":
    "send events about people, tokens, apps and articles to other systems (webhooks), and see what was sent",
};

export function isCapability(value: unknown): value is Capability {
  return typeof value === "string" && (CAPABILITIES as readonly string[]).includes(value);
}

export function isBuiltInRole(value: unknown): value is BuiltInRole {
  return typeof value === "string" && (BUILT_IN_ROLES as readonly string[]).includes(value);
}

/**
 * A custom role's name: what people and apps hold it by, in cookies, tokens and the audit log, so
 * it never changes (the label does). Lowercase, so it reads the same everywhere; "none" is what the
 * forms send for no role, and the built-in names are taken.
 */
export const ROLE_NAME_PATTERN = /^[a-z][a-z0-9-]{1,29}$/;
export const RESERVED_ROLE_NAMES: readonly string[] = [...BUILT_IN_ROLES, "none"];

export function isCustomRoleName(value: unknown): value is string {
  return typeof value === "string" && ROLE_NAME_PATTERN.test(value) && !RESERVED_ROLE_NAMES.includes(value);
}

/**
 * Every role carries "read": reading articles and managing one's own account (settings, tokens,
 * two-step sign-in) is what a signed-in person is, whatever else their role adds.
 */
export const BASE_CAPABILITY: Capability = "read";

/** A power over everyone's articles includes the same power over one's own. */
const INCLUDED: Partial<Record<Capability, Capability>> = { update: "update-own", delete: "delete-own" };

/** The power over everyone's articles that a power over one's own is the limited form of ("update-own" → "update"). */
export function widerForm(capability: Capability): Capability | undefined {
  return (Object.keys(INCLUDED) as Capability[]).find((wider) => INCLUDED[wider] === capability);
}

/**
 * A custom role's capabilities, as stored (space-separated): known names only, "read" always, what
 * another includes (update → update-own), in catalogue order.
 */
export function parseCapabilities(stored: unknown): readonly Capability[] {
  const names = new Set(typeof stored === "string" ? stored.split(" ") : Array.isArray(stored) ? stored : []);
  for (const [wider, own] of Object.entries(INCLUDED)) if (names.has(wider)) names.add(own);
  return CAPABILITIES.filter((capability) => capability === BASE_CAPABILITY || names.has(capability));
}

/**
 * Whether the subject may change (or delete) one article: anyone's with "update" ("delete"), or
 * the ones they wrote with "update-own" ("delete-own"). Pages, actions, the API and the MCP tools
 * ask this once the article is loaded, having let the subject in with the "-own" capability, which
 * every holder of the wider one holds too.
 */
export function mayChangeArticle(
  subject: Subject & { id?: unknown; actsAsApp?: unknown },
  capability: "update" | "delete",
  article: { authorId: string | null },
): boolean {
  if (can(subject, capability)) return true;
  // An app acting for itself (a service token) wrote nothing: what its owner wrote is not its own.
  if (subject?.actsAsApp) return false;
  const own = INCLUDED[capability]!;
  return can(subject, own) && article.authorId !== null && article.authorId === subject?.id;
}

/**
 * What the subject's role carries now: a built-in role's from the code, a custom role's as read from
 * the database with the subject (`capabilities`). Null when the subject holds no role the policy
 * knows: a name that is not a role, or a custom role whose capabilities were not read (fails closed:
 * counted as signed out).
 */
export function capabilitiesOf(subject: Subject): readonly Capability[] | null {
  if (!subject) return null;
  if (isBuiltInRole(subject.role)) return BUILT_IN_CAPABILITIES[subject.role];
  if (!isCustomRoleName(subject.role) || !Array.isArray(subject.capabilities)) return null;
  return parseCapabilities(subject.capabilities);
}

/** A built-in role's capabilities (what the docs and the home page list). */
export function builtInCapabilities(role: BuiltInRole): readonly Capability[] {
  return BUILT_IN_CAPABILITIES[role];
}

/** Whether the subject holds any power of the admin panel (it then sees the panel, with what it may use). */
export function canAdminister(subject: Subject): boolean {
  return ADMIN_CAPABILITIES.some((capability) => can(subject, capability));
}

/** The lowest built-in role that carries `capability` (built-in roles are ordered, each carrying the one before). */
export function lowestRoleWith(capability: Capability): BuiltInRole {
  return BUILT_IN_ROLES.find((role) => BUILT_IN_CAPABILITIES[role].includes(capability))!;
}

/** The built-in roles that may give a person a role: those who change roles. */
export const ROLE_GRANTERS = BUILT_IN_ROLES.filter((role) => BUILT_IN_CAPABILITIES[role].includes("change-roles"));

/**
 * Anything that carries a role: the current person, a JWT, a row from the database. A custom role's
 * `capabilities` come with it (read from its Role row, or carried in the JWT for the edge).
 * `secondFactorMissing` is true when the role requires a second factor the person has not set up
 * (mustEnrolSecondFactor below decides it where the database is at hand; a JWT carries the answer).
 */
export type Subject =
  { role?: unknown; capabilities?: unknown; emailVerified?: unknown; secondFactorMissing?: unknown } | null | undefined;

// No escalation: nobody hands on a power they do not hold, or acts on someone who holds more.

/** Whether `actor` holds every one of `capabilities`: it may create or edit a role carrying them, or give it. */
export function holdsAll(actor: Subject, capabilities: readonly Capability[]): boolean {
  const held = capabilitiesOf(actor);
  return held !== null && capabilities.every((capability) => held.includes(capability));
}

/** The capabilities in `capabilities` that `actor` does not hold (what a refusal names). */
export function notHeld(actor: Subject, capabilities: readonly Capability[]): Capability[] {
  const held = capabilitiesOf(actor) ?? [];
  return capabilities.filter((capability) => !held.includes(capability));
}

/**
 * Whether `actor` may act on `target` (change their role, disable them, end their sessions, send
 * them account mail): only when the target holds nothing the actor does not. Support staff cannot
 * sign an admin out; nobody can change the role of someone more powerful.
 */
export function mayActOn(actor: Subject, target: Subject): boolean {
  const theirs = capabilitiesOf(target);
  return theirs === null || holdsAll(actor, theirs);
}

/** What a person is told when they must confirm their address first, wherever the refusal happens. */
export const VERIFY_EMAIL_MESSAGE =
  "Confirm your email address first: follow the link we sent you, or ask for a new one.";

/** What a person is told when their role requires a second factor they have not set up. */
export const SECOND_FACTOR_REQUIRED_MESSAGE =
  "Your role requires two-step sign-in. Set up an authenticator app first (Settings → Two-step sign-in).";

/** Where a person sets up a second factor: the one page open to someone who must do so first. */
export const SECOND_FACTOR_SETUP_PATH = "/settings/security";

/**
 * The capabilities whose holders must use two-step sign-in unless an admin chose otherwise for
 * their role: those that manage people, security or roles. So admin must, as must any custom role
 * made to manage people.
 */
export const SECOND_FACTOR_CAPABILITIES: readonly Capability[] = [
  "change-roles",
  "manage-access",
  "manage-security",
  "manage-roles",
  "impersonate",
  "manage-webhooks",
];

/**
 * An admin's choice, per role, of whether its holders must use two-step sign-in (Admin → Security).
 * A role nobody chose for (a custom role made later, say) follows the default above.
 */
export type SecondFactorChoices = ReadonlyMap<string, boolean>;

/**
 * Reads the stored setting: {"role": true|false, …}. The first version stored the list of roles that
 * must (["admin"]): every other built-in role then was a "no". Anything unreadable falls back to
 * the default, never to "none".
 */
export function parseSecondFactorChoices(stored: unknown): SecondFactorChoices {
  if (typeof stored !== "string") return new Map();
  try {
    const value = JSON.parse(stored) as unknown;
    if (Array.isArray(value) && value.every(isBuiltInRole))
      return new Map(BUILT_IN_ROLES.map((role) => [role, value.includes(role)]));
    if (value && typeof value === "object" && !Array.isArray(value))
      return new Map(
        Object.entries(value).filter(
          (entry): entry is [string, boolean] =>
            (isBuiltInRole(entry[0]) || isCustomRoleName(entry[0])) && typeof entry[1] === "boolean",
        ),
      );
  } catch {}
  return new Map();
}

/** Whether the subject's role must use two-step sign-in: the admin's choice for it, or the default. */
export function secondFactorRequired(subject: Subject, choices: SecondFactorChoices): boolean {
  const held = capabilitiesOf(subject);
  if (!held) return false;
  const chosen = choices.get(String(subject?.role));
  return chosen ?? SECOND_FACTOR_CAPABILITIES.some((capability) => held.includes(capability));
}

/** Whether a person must set up a second factor before anything else. */
export function mustEnrolSecondFactor(
  person: { role: unknown; capabilities?: unknown; hasSecondFactor: boolean },
  choices: SecondFactorChoices,
): boolean {
  return !person.hasSecondFactor && secondFactorRequired(person, choices);
}

/**
 * Dangerous actions (roles, disabling, ending sessions, tokens, second-factor changes) need the person
 * to have proved who they are this recently: at sign-in or by confirming again.
 */
export const FRESH_AUTHENTICATION_SECONDS = 10 * 60;

export function isAuthenticationFresh(authenticatedAt: Date, now: number = Date.now()): boolean {
  return now - authenticatedAt.getTime() <= FRESH_AUTHENTICATION_SECONDS * 1000;
}

/**
 * The box that ends API access too (lib/auth/end-access.ts), wherever a person or an admin is offered
 * it: ending sessions, resetting or changing a password. Ticked by default.
 */
export const REVOKE_API_ACCESS_LABEL = "Also revoke API tokens and app access";

// "View as" (impersonation): someone with the impersonate capability sees Gatehouse as another
// person, to help them. It is a credential, so it is narrow: read-only (no action, no cookie route,
// no consent, no token: lib/auth/guards refuse them all while it lasts), at most this long, with a
// reason, only of someone who holds nothing the viewer lacks (so never an admin by a non-admin), and
// every request is in the audit log under both names.
export const IMPERSONATION_MINUTES = 15;

/** What a viewer is told when something would change while they view as someone else. */
export const READ_ONLY_WHILE_VIEWING_AS =
  "You are viewing as someone else: nothing can be changed. Stop viewing as them first (the banner at the top).";

/** Whether `actor` may view as `target`: the capability, another person, holding nothing the actor lacks. */
export function mayImpersonate(actor: Subject & { id?: unknown }, target: Subject & { id?: unknown }): boolean {
  return can(actor, "impersonate") && actor?.id !== target?.id && mayActOn(actor, target);
}

/** What a person is told when the policy refuses their role, wherever the refusal happens. */
export const ROLE_REFUSAL_MESSAGE = "Your role does not allow this.";

export function can(subject: Subject, capability: Capability): boolean {
  return capabilitiesOf(subject)?.includes(capability) ?? false;
}

// API token scopes, and the capabilities each one lets a token use. A token can use a capability
// only if it carries the scope AND its owner's current role has the capability (tokenCan below).
export const SCOPES = {
  "articles:read": ["read"],
  "articles:write": ["create", "update-own", "update"],
  "articles:delete": ["delete-own", "delete"],
} as const satisfies Record<string, readonly Capability[]>;
export type Scope = keyof typeof SCOPES;
export const SCOPE_NAMES = Object.keys(SCOPES) as Scope[];

/** The scope a token needs for a capability. */
export function scopeFor(capability: Capability): Scope | undefined {
  return SCOPE_NAMES.find((scope) => (SCOPES[scope] as readonly Capability[]).includes(capability));
}

/** Of what a scope lets a token do, what the subject's role allows now and what it does not. */
export function scopeWithinRole(subject: Subject, scope: Scope): { allows: Capability[]; refuses: Capability[] } {
  const capabilities = SCOPES[scope] as readonly Capability[];
  return {
    allows: capabilities.filter((capability) => can(subject, capability)),
    refuses: capabilities.filter((capability) => !can(subject, capability)),
  };
}

/** What a token may do: its scopes ∩ its owner's current role (the last two steps of `decide`). */
export function tokenCan(token: { scopes: readonly string[]; owner: Subject }, capability: Capability): Decision {
  return decide(token.owner, { capability, scopes: token.scopes }, { requireVerifiedEmail: false });
}

// OAuth apps (lib/auth/oauth-server): applications people register, which other people let act for them.
// An app's access token is a token like any other: what it may do is the scopes the person granted
// ∩ the person's current role (tokenCan above), decided per request.

/** Who may register OAuth apps: anyone signed in (an app can do nothing until someone consents). */
export function canRegisterApps(subject: Subject): boolean {
  return can(subject, "read");
}

/**
 * Who sees every registered app and decides what the owner cannot: disabling an app, marking it
 * first-party (it skips the consent page), giving a confidential app a service role (it may then get
 * tokens for itself, carrying its scopes ∩ that role), and its access-token lifetime.
 */
export function canManageApps(subject: Subject): boolean {
  return can(subject, "manage-apps");
}

/**
 * Giving an app a service role gives it a role (its own tokens carry the role's capabilities), so it
 * takes the power to change roles, not only to manage apps.
 */
export function mayGiveServiceRoles(subject: Subject): boolean {
  return can(subject, "change-roles");
}

/** A service role (tokens for the app itself) only for an app that can prove who it is with a secret. */
export function mayHaveServiceRole(app: { kind: string }): boolean {
  return app.kind === "confidential";
}

/**
 * Apps Gatehouse has never seen: one that registered itself (RFC 7591 dynamic registration, source
 * "dynamic") or is known only by the https URL of its metadata (a client ID metadata document,
 * source "document"). Admin → Security says whether they may come at all: "off" (no new ones),
 * "allowed", or "held" for an admin's approval like people's apps. Nobody vouches for them, so they
 * are public (PKCE, no secret), never first-party (people always see the consent page) and never
 * get a service role.
 */
export const UNKNOWN_APP_RULES = ["off", "allowed", "held"] as const;
export type UnknownAppRule = (typeof UNKNOWN_APP_RULES)[number];

/** The review a new app Gatehouse has never seen starts with, or null when none may come. */
export function reviewOfUnknownApp(rule: UnknownAppRule): AppReview | null {
  if (rule === "off") return null;
  return rule === "held" ? "pending" : "approved";
}

/** Whether an admin may make the app first-party (no consent page): only an app a person vouches for. */
export function mayBeFirstParty(app: { source: string }): boolean {
  return app.source === "person";
}

/** An admin's review of an app, when new apps are held for one (Admin → Security). */
export const APP_REVIEWS = ["approved", "pending", "refused"] as const;
export type AppReview = (typeof APP_REVIEWS)[number];

/**
 * Whether an app serves anyone now. An app is its owner's (if a person registered it): while an
 * admin has disabled it, or disabled its owner (who left, or abused it), it signs nobody in and its
 * tokens are refused, for every person who gave it access; enabling either again restores it,
 * grants intact. An app held for review serves nobody until an admin approves it.
 */
export function appInService(app: {
  disabledAt: Date | null;
  review: string;
  owner: { disabledAt: Date | null } | null;
}): boolean {
  return !app.disabledAt && app.review === "approved" && !app.owner?.disabledAt;
}

/**
 * What a new app, or an owner's change to what people see of it or where it may send them, starts
 * as: held for an admin's review when the organisation holds apps, unless an admin (who could
 * approve it) is the one registering it.
 */
export function reviewOfNewApp(registrant: Subject, held: boolean): AppReview {
  return held && !canManageApps(registrant) ? "pending" : "approved";
}

/**
 * Which web pages may call the OAuth endpoints from a browser (CORS): only a page on the origin of
 * one of the app's own redirect URIs, and for the token endpoint only a public app's (a confidential
 * app keeps its secret on a server, which needs no CORS). Userinfo takes a bearer token, so any of
 * the app's origins may read it.
 */
export function allowsBrowserCall(
  app: { isPublic: boolean; redirectUris: readonly string[] },
  origin: string,
  endpoint: string,
): boolean {
  if (origin === "null") return false;
  if (endpoint !== "userinfo" && !app.isPublic) return false;
  return app.redirectUris.some((uri) => URL.parse(uri)?.origin === origin);
}

/** An app an admin marked first-party gets the scopes it asks for (within its registration) unasked. */
export function skipsConsent(app: { firstParty: boolean; source: string }): boolean {
  return app.firstParty && mayBeFirstParty(app);
}

/** The bounds an admin may set an app's access-token lifetime within. */
export const APP_ACCESS_TOKEN_SECONDS_BOUNDS = { min: 60, max: 3600 } as const;

/** How many apps one person may hold, and how many secrets one app may have live (two during a rotation). */
export const APP_LIMIT = 20;
export const APP_SECRET_LIMIT = 2;

/** The OpenID Connect scopes an app may always ask for; they reveal who the person is, not articles. */
export const IDENTITY_SCOPES = ["openid", "email", "profile", "offline_access"] as const;
export type IdentityScope = (typeof IDENTITY_SCOPES)[number];

/** Each scope an app can ask for, as a person reads it on the consent page. */
export const SCOPE_DESCRIPTIONS: Record<Scope | IdentityScope, string> = {
  openid: "Know who you are (your Gatehouse account id)",
  email: "See your email address",
  profile: "See your name",
  offline_access: "Keep access while you are away (until you revoke it)",
  "articles:read": "List and read articles",
  "articles:write": "Create and edit articles as you",
  "articles:delete": "Delete articles as you",
};

/** How long an app's access token lives; a refresh token gets the app a new one while the grant stands. */
export const APP_ACCESS_TOKEN_SECONDS = 10 * 60;

/**
 * Refresh tokens rotate, and presenting a used one ends the whole grant (it was stolen, or the app
 * lost track). For this long after its first use, the same refresh token is honoured again: an app
 * whose answer was lost on the network retries without losing the person's consent. Past it, reuse
 * revokes. Short, so a thief racing the app has seconds, not hours.
 */
export const REFRESH_TOKEN_RETRY_SECONDS = 10;

export type RouteRule = {
  /** A path prefix, matched on whole segments: "/editor" covers "/editor" and "/editor/x", not "/editors". */
  prefix: string;
  capability: Capability;
  /** Other capabilities that open it too (People: managing access, or changing roles, which is done there). */
  alsoBy?: readonly Capability[];
  /** A real page under the prefix; the role × page test matrix visits it. */
  samplePath: string;
};

// Most specific first: the first matching rule wins.
export const ROUTE_RULES: readonly RouteRule[] = [
  // People: managing access, or what is done there to one person (changing a role, viewing as them).
  {
    prefix: "/admin/users",
    capability: "manage-access",
    alsoBy: ["change-roles", "impersonate"],
    samplePath: "/admin/users",
  },
  { prefix: "/admin/access", capability: "change-roles", samplePath: "/admin/access" },
  { prefix: "/admin/audit", capability: "read-audit", samplePath: "/admin/audit" },
  { prefix: "/admin/apps", capability: "manage-apps", samplePath: "/admin/apps" },
  { prefix: "/admin/security", capability: "manage-security", samplePath: "/admin/security" },
  { prefix: "/admin/roles", capability: "manage-roles", samplePath: "/admin/roles" },
  { prefix: "/admin/webhooks", capability: "manage-webhooks", samplePath: "/admin/webhooks" },
  // The overview: counts and charts from the audit log, and its latest security events.
  { prefix: "/admin", capability: "read-audit", samplePath: "/admin" },
  // Editing one article: anyone's, or one's own (the page then asks mayChangeArticle of the article).
  {
    prefix: "/editor/articles",
    capability: "update",
    alsoBy: ["update-own"],
    samplePath: "/editor/articles/sample-id",
  },
  { prefix: "/editor", capability: "update", samplePath: "/editor" },
  { prefix: "/dashboard/articles/new", capability: "create", samplePath: "/dashboard/articles/new" },
  { prefix: "/dashboard", capability: "read", samplePath: "/dashboard" },
  { prefix: "/settings", capability: "read", samplePath: "/settings/tokens" },
];

function matchesPrefix(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

export function ruleFor(pathname: string): RouteRule | undefined {
  return ROUTE_RULES.find((rule) => matchesPrefix(pathname, rule.prefix));
}

/** The capability by which the subject would open a rule's pages: one it holds, else the rule's own. */
export function ruleCapabilityFor(subject: Subject, rule: RouteRule): Capability {
  return rule.alsoBy?.find((capability) => can(subject, capability)) ?? rule.capability;
}

/** Settings that change what the policy asks of a person, from the environment. */
export type PolicyOptions = { requireVerifiedEmail: boolean };

/**
 * Whether a signed-in person must confirm their email address before anything else: until then
 * they may open only the "check your inbox" page (and sign out), and every action and API call is
 * refused.
 */
export function mustVerifyEmail(subject: Subject, options: PolicyOptions): boolean {
  // `emailVerified` is a boolean in a session, a date (or null) in a database row.
  return options.requireVerifiedEmail && Boolean(subject) && !subject?.emailVerified;
}

/**
 * Whether a signed-in person may give an app access (or be signed in to one): not before they have
 * confirmed their address, nor while their role requires a second factor they have not set up.
 */
export function mayGiveAppsAccess(
  subject: (NonNullable<Subject> & { viewer?: unknown }) | null | undefined,
  options: PolicyOptions,
): boolean {
  // Someone viewing as this person ("View as") signs in to no app and consents to nothing for them.
  if (subject?.viewer) return false;
  return decide(subject, "standing", options).allowed;
}

/**
 * Why a request is refused, in the order `decide` checks: no live session (or a role that is not
 * one); an address not yet confirmed; a second factor the role requires and the person has not set
 * up; a token without the scope; a role without the capability. Each entry point maps the reason to
 * its own answer (a redirect, the 403 page, a JSON error, the consent page's explanation).
 */
export const REFUSALS = ["signed-out", "email-unverified", "second-factor-missing", "scope", "role"] as const;
export type Refusal = (typeof REFUSALS)[number];

export type Decision = { allowed: true } | { allowed: false; reason: Refusal; capability?: Capability; scope?: Scope };

/**
 * What is asked for: a session and nothing more (`"session"`: signing out, asking for a new
 * confirmation link); a person in good standing (`"standing"`: confirmed, with the second factor
 * their role requires, as giving an app access needs); or a capability, within a token's `scopes`
 * when a token asks. `settingUpSecondFactor` is the one page open to someone who must set one up.
 */
export type Need =
  "session" | "standing" | { capability: Capability; scopes?: readonly string[]; settingUpSecondFactor?: boolean };

const ALLOWED: Decision = { allowed: true };

/**
 * The refusal order, composed once: signed in → address confirmed → second factor set up → the
 * token's scope → the role's capability. Middleware, pages, actions, route handlers, the API and the
 * OAuth server's consent all ask this; the first step that fails names the reason.
 */
export function decide(subject: Subject, need: Need, options: PolicyOptions): Decision {
  if (!subject || capabilitiesOf(subject) === null) return { allowed: false, reason: "signed-out" };
  if (need === "session") return ALLOWED;
  if (mustVerifyEmail(subject, options)) return { allowed: false, reason: "email-unverified" };
  const settingUp = need !== "standing" && need.settingUpSecondFactor === true;
  // Anything but a clear "no" counts as missing: the check fails closed.
  if (subject.secondFactorMissing !== false && subject.secondFactorMissing !== undefined && !settingUp)
    return { allowed: false, reason: "second-factor-missing" };
  if (need === "standing") return ALLOWED;
  const { capability, scopes } = need;
  if (scopes) {
    const scope = scopeFor(capability);
    if (!scope || !scopes.includes(scope)) return { allowed: false, reason: "scope", capability, scope };
    return can(subject, capability) ? ALLOWED : { allowed: false, reason: "role", capability, scope };
  }
  return can(subject, capability) ? ALLOWED : { allowed: false, reason: "role", capability };
}

/** Whether `subject` (null when signed out) may open `pathname`: the route's rule, through `decide`. */
export function decideAccess(
  subject: Subject,
  pathname: string,
  options: PolicyOptions = { requireVerifiedEmail: false },
): Decision {
  const rule = ruleFor(pathname);
  if (!rule) return ALLOWED;
  return decide(
    subject,
    { capability: ruleCapabilityFor(subject, rule), settingUpSecondFactor: pathname === SECOND_FACTOR_SETUP_PATH },
    options,
  );
}

export type AccessExplanation = { allowed: boolean; steps: string[] };

/**
 * Why a person does or does not have a page or a capability, step by step (role → capability → rule).
 * The verdict is the one `can` and `decideAccess` give; this only says it in words.
 */
export function explainAccess(
  person: { email: string; role: unknown; capabilities?: unknown; disabled: boolean },
  target: { path: string } | { capability: Capability },
): AccessExplanation {
  const steps: string[] = [];
  if (person.disabled) {
    steps.push(`${person.email} is disabled, so every request is treated as signed out.`);
    return { allowed: false, steps };
  }
  const held = capabilitiesOf(person);
  if (!held) {
    steps.push(`${person.email} has the unknown role "${String(person.role)}", which carries no capabilities.`);
    return { allowed: false, steps };
  }
  const kind = isBuiltInRole(person.role) ? "built-in role" : "custom role";
  steps.push(`${person.email} has the ${kind} ${String(person.role)}, which carries: ${held.join(", ")}.`);

  let needed: Capability;
  if ("path" in target) {
    const rule = ruleFor(target.path);
    if (!rule) {
      steps.push(`${target.path} matches no rule, so anyone may open it, signed in or not.`);
      return { allowed: true, steps };
    }
    needed = ruleCapabilityFor(person, rule);
    const needs = [rule.capability, ...(rule.alsoBy ?? [])]
      .map((capability) => `${capability} (${CAPABILITY_LABELS[capability]})`)
      .join(" or ");
    steps.push(`${target.path} matches the rule for ${rule.prefix}, which needs ${needs}.`);
  } else {
    needed = target.capability;
    steps.push(`The capability ${needed} allows a person to ${CAPABILITY_LABELS[needed]}.`);
  }
  const allowed = held.includes(needed);
  const role = String(person.role);
  steps.push(allowed ? `${role} carries ${needed}: allowed.` : `${role} does not carry ${needed}: denied.`);
  return { allowed, steps };
}
