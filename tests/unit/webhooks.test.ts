import { describe, expect, it } from "vitest";
import { GENESIS_HASH, auditHash } from "@/lib/audit/chain";
import { frame, syslogMessage, unframe, type StreamEntry } from "@/lib/audit/syslog";
import { verifyStream } from "@/lib/audit/stream-verify";
import { parseEnv } from "@/lib/env";
import { WEBHOOK_EVENTS, payloadOf, type EventEntry, type WebhookEvent } from "@/lib/webhooks/catalogue";
import { createWebhookSchema, redeliverSinceSchema } from "@/lib/webhooks/schemas";

// Webhooks' and the audit stream's pure parts: payloads built from audit entries (ids and what
// changed, nothing else), the settings, the syslog framing, and the stream verifier on a chain made
// here.

const entry = (
  action: WebhookEvent,
  before: object | null,
  after: object | null,
): EventEntry & { action: WebhookEvent } => ({
  seq: 7,
  createdAt: new Date("2026-12-07T09:00:00.000Z"),
  action,
  actorId: "admin-1",
  targetId: "person-1",
  targetEmail: "wes@example.com",
  before: before && JSON.stringify(before),
  after: after && JSON.stringify(after),
});

describe("webhook payloads", () => {
  it("say what changed in the Standard Webhooks shape", () => {
    expect(JSON.parse(payloadOf(entry("user.role_changed", { role: "editor" }, { role: "writer" })))).toEqual({
      type: "user.role_changed",
      timestamp: "2026-12-07T09:00:00.000Z",
      data: {
        event: 7,
        actor: { id: "admin-1" },
        person: { id: "person-1" },
        role: { before: "editor", after: "writer" },
      },
    });
    const edited = JSON.parse(
      payloadOf(
        entry(
          "article.updated",
          { article: "a1", title: "Old", bodyLength: 4 },
          { article: "a1", title: "New", bodyLength: 4 },
        ),
      ),
    );
    expect(edited.data).toMatchObject({ article: { id: "a1" }, changed: { title: { before: "Old", after: "New" } } });
    expect(edited.data.changed.body).toBeUndefined();
  });

  it("carry only the fields each event names, whatever else the entry holds", () => {
    const noise = {
      secret: "gat_very-secret",
      passwordHash: "$argon2id$x",
      ip: "203.0.113.9",
      userAgent: "curl/8",
      nested: { a: 1 },
    };
    for (const action of WEBHOOK_EVENTS) {
      const payload = payloadOf(entry(action, noise, noise));
      for (const value of ["gat_very-secret", "$argon2id$x", "203.0.113.9", "curl/8", "nested"])
        expect(payload, `${action} leaks ${value}`).not.toContain(value);
    }
  });
});

describe("the forms", () => {
  it("refuse a URL with a control character or a space, which the URL parser would drop silently", () => {
    const form = (url: string) => createWebhookSchema.safeParse({ url, description: "", events: "article.created" });
    for (const url of [
      "https://hooks.example.com/in\u0000",
      "https://hooks.example.com/\u0001in",
      "https://hooks.example.com/a b",
    ])
      expect(form(url).success, JSON.stringify(url)).toBe(false);
    expect(form("https://Hooks.Example.com/in").data?.url).toBe("https://hooks.example.com/in");
  });

  it("read a time without an offset as UTC, as the page says", () => {
    const since = (value: string) => redeliverSinceSchema.parse({ id: "wh_1", since: value }).since.toISOString();
    expect(since("2026-12-07T09:30")).toBe("2026-12-07T09:30:00.000Z");
    expect(since("2026-12-07T09:30:00+02:00")).toBe("2026-12-07T07:30:00.000Z");
    expect(redeliverSinceSchema.safeParse({ id: "wh_1", since: "yesterday" }).success).toBe(false);
  });
});

describe("settings", () => {
  const base = { AUTH_SECRET: "s".repeat(40) };
  it("reads the retry schedule in ms, s, m and h, and refuses anything else", () => {
    expect(parseEnv(base).WEBHOOK_RETRY_SCHEDULE).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    expect(parseEnv({ ...base, WEBHOOK_RETRY_SCHEDULE: "250ms 2s" }).WEBHOOK_RETRY_SCHEDULE).toEqual([250, 2_000]);
    expect(() => parseEnv({ ...base, WEBHOOK_RETRY_SCHEDULE: "5 minutes" })).toThrow(/WEBHOOK_RETRY_SCHEDULE must be/);
  });
  it("takes only tcp:// or tls:// with a port for the audit stream", () => {
    expect(parseEnv({ ...base, AUDIT_SYSLOG_URL: "tls://siem.example.com:6514" }).AUDIT_SYSLOG_URL).toBe(
      "tls://siem.example.com:6514",
    );
    for (const url of ["https://siem.example.com", "tcp://siem.example.com", "udp://siem.example.com:514"])
      expect(() => parseEnv({ ...base, AUDIT_SYSLOG_URL: url })).toThrow(/AUDIT_SYSLOG_URL/);
  });
});

/** A sealed chain of `count` entries, as the sealer makes it. */
function chain(count: number): StreamEntry[] {
  const entries: StreamEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const fields = {
      createdAt: new Date(Date.UTC(2026, 11, 7, 9, 0, seq)),
      action: seq % 3 ? "auth.sign_in" : "user.disabled",
      actorId: "a",
      actorEmail: "a@example.com",
      targetId: null,
      targetEmail: null,
      before: null,
      after: `{"n":${seq},"text":"line one\\nline two ü"}`,
      ip: "203.0.113.9",
      userAgent: "curl/8",
    };
    const hash = auditHash(prevHash, fields);
    entries.push({ ...fields, id: seq + 100, seq, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

describe("the audit stream's format and verifier", () => {
  const messages = chain(6).map(syslogMessage);

  it("frames by octet count, so a message may hold newlines and any character", () => {
    const wire = Buffer.concat(messages.map(frame));
    expect(unframe(wire)).toEqual(messages);
    expect(messages[2]).toMatch(/^<108>1 /); // a security event: facility 13, severity 4
    expect(messages[0]).toMatch(/^<110>1 /);
    expect(() => unframe(Buffer.concat([wire, Buffer.from("99 <110>1 short")]))).toThrow(/not octet-counted/);
  });

  it("passes a whole stream, with repeats counted once", () => {
    expect(verifyStream([...messages, messages[3], messages[4]])).toMatchObject({
      ok: true,
      entries: 6,
      duplicates: 2,
      first: 1,
      last: 6,
    });
  });

  it("names an entry removed, one edited, one replaced with a recomputed hash, and a mismatched repeat", () => {
    expect(verifyStream(messages.filter((_, index) => index !== 2)).problems).toEqual(["Entry 3 is missing."]);
    const edited = messages.map((message, index) =>
      index === 1 ? message.replace("203.0.113.9", "198.51.100.1") : message,
    );
    expect(verifyStream(edited).problems).toEqual(["Entry 2 was edited: its hash does not match its fields."]);
    const forged = chain(6);
    forged[3] = { ...forged[3], after: "{}" };
    forged[3].hash = auditHash(forged[3].prevHash, forged[3]);
    expect(verifyStream(forged.map(syslogMessage)).problems).toEqual([
      "Entry 5 does not follow entry 4: one of them was replaced.",
    ]);
    expect(verifyStream([...messages, syslogMessage(forged[3])]).problems).toEqual([
      "Entry 4 arrived twice with different contents.",
    ]);
  });
});
