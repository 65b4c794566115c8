import { auditLabel, type AuditAction } from "@/lib/audit/catalogue";

// The events an endpoint can ask for: audit actions (lib/audit/catalogue.ts), each with the mapper
// that builds its payload's data from the sealed entry. A mapper picks named fields only: ids, and
// what changed. Never a secret, password material, an IP address or a user agent (the entry holds
// the last two; no mapper reads them). A later event is one more line here.

/** A sealed audit entry, as the mappers read it. */
export type EventEntry = {
  seq: number;
  createdAt: Date;
  action: string;
  actorId: string | null;
  targetId: string | null;
  targetEmail: string | null;
  before: string | null;
  after: string | null;
};

type Fields = Record<string, unknown>;
type Mapper = (entry: EventEntry, before: Fields, after: Fields) => Fields;

function parse(json: string | null): Fields {
  if (!json) return {};
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : {};
  } catch {
    return {};
  }
}

/** A field's value when it is plain data (text, a number, true/false), else left out. */
const plain = (value: unknown) =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : undefined;

const person = (entry: EventEntry) => (entry.targetId ? { id: entry.targetId } : null);
const scopes = (value: unknown) => (typeof value === "string" ? value.split(" ").filter(Boolean) : undefined);

const MAPPERS = {
  "auth.sign_up": (entry, _before, after) => ({
    person: { id: entry.targetId, email: entry.targetEmail },
    role: plain(after.role) ?? "user",
    method: plain(after.method) ?? "password",
  }),
  "user.role_changed": (entry, before, after) => ({
    person: person(entry),
    role: { before: plain(before.role), after: plain(after.role) },
  }),
  "user.disabled": (entry, _before, after) => ({
    person: person(entry),
    tokensRevoked: plain(after.tokensRevoked),
    appsRevoked: plain(after.appsRevoked),
  }),
  "user.enabled": (entry) => ({ person: person(entry) }),
  "user.sessions_ended": (entry, _before, after) => ({
    person: person(entry),
    sessionsEnded: plain(after.sessionsEnded),
  }),
  "account.deleted": (entry) => ({ person: person(entry) }),
  "token.created": (entry, _before, after) => ({
    person: person(entry),
    token: { prefix: plain(after.token), name: plain(after.name), scopes: scopes(after.scopes) },
  }),
  "token.revoked": (entry, before) => ({
    person: person(entry),
    token: { prefix: plain(before.token), name: plain(before.name) },
  }),
  "app.consent_granted": (entry, _before, after) => ({
    person: person(entry),
    app: { clientId: plain(after.client), name: plain(after.app) },
    scopes: scopes(after.scopes),
  }),
  "app.consent_revoked": (entry, before) => ({
    person: person(entry),
    app: { clientId: plain(before.client), name: plain(before.app) },
  }),
  "article.created": (_entry, _before, after) => ({
    article: { id: plain(after.article), title: plain(after.title) },
  }),
  "article.updated": (_entry, before, after) => ({
    article: { id: plain(after.article ?? before.article) },
    changed: {
      ...(before.title !== after.title ? { title: { before: plain(before.title), after: plain(after.title) } } : {}),
      ...(after.bodyChanged === true || before.bodyLength !== after.bodyLength ? { body: true } : {}),
    },
  }),
  "article.deleted": (_entry, before) => ({
    article: { id: plain(before.article), title: plain(before.title) },
  }),
} as const satisfies Partial<Record<AuditAction, Mapper>>;

export type WebhookEvent = keyof typeof MAPPERS;

export const WEBHOOK_EVENTS = Object.keys(MAPPERS) as WebhookEvent[];

export function isWebhookEvent(value: unknown): value is WebhookEvent {
  return typeof value === "string" && Object.hasOwn(MAPPERS, value);
}

/** What an event is called on the page: the audit log's words for it. */
export const eventLabel = (event: WebhookEvent) => auditLabel(event);

/**
 * The payload of a sealed entry, as the Standard Webhooks specification shapes it: the event's
 * type, when it happened, and its data (with the audit chain's place, so a receiver can tell order
 * and can find the entry in Gatehouse's log).
 */
export function payloadOf(entry: EventEntry & { action: WebhookEvent }): string {
  const data = MAPPERS[entry.action](entry as EventEntry, parse(entry.before), parse(entry.after));
  return JSON.stringify({
    type: entry.action,
    timestamp: entry.createdAt.toISOString(),
    data: { event: entry.seq, actor: entry.actorId ? { id: entry.actorId } : null, ...data },
  });
}
