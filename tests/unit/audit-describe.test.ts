import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, auditGroup } from "@/lib/audit/catalogue";
import { describeAddress, describeAuditEntry, sentenceText, summariseUserAgent } from "@/lib/audit/describe";
import { formatRelative } from "@/lib/format";

const names = new Map<string, string | null>([
  ["ada", "Ada Admin"],
  ["wes", "Wes Writer"],
  ["nameless", null],
]);
const entry = (action: string, fields: Partial<Parameters<typeof describeAuditEntry>[0]> = {}) =>
  sentenceText(
    describeAuditEntry(
      {
        action,
        actorId: "ada",
        actorEmail: "ada@example.test",
        targetId: "wes",
        targetEmail: "wes@example.test",
        before: null,
        after: null,
        ...fields,
      },
      names,
    ),
  );

describe("audit entries as sentences", () => {
  it("names who changed whose role, from what to what", () => {
    expect(entry("user.role_changed", { before: '{"role":"editor"}', after: '{"role":"writer"}' })).toBe(
      "Ada Admin changed Wes Writer’s role from editor to writer.",
    );
  });

  it("falls back to the email for someone without a name, and says 'their own' for oneself", () => {
    expect(
      entry("user.disabled", {
        targetId: "nameless",
        targetEmail: "n@example.test",
        after: '{"disabled":true,"tokensRevoked":2}',
      }),
    ).toBe("Ada Admin disabled n@example.test’s account, revoking 2 API tokens.");
    expect(entry("user.sessions_ended", { targetId: "ada", targetEmail: "ada@example.test" })).toBe(
      "Ada Admin ended every session of their own.",
    );
  });

  it("describes sign-ins, failures and throttles", () => {
    expect(entry("auth.sign_in", { after: '{"method":"github"}' })).toBe("Ada Admin signed in with GitHub.");
    expect(
      entry("auth.sign_in_failed", { actorId: null, actorEmail: null, targetId: null, after: '{"method":"password"}' }),
    ).toBe("A sign-in as wes@example.test failed: the email or password was wrong.");
    expect(
      entry("auth.sign_in_throttled", {
        actorId: null,
        actorEmail: null,
        targetId: null,
        after: '{"limit":"network","retryAfterSeconds":840}',
      }),
    ).toBe("Sign-ins as wes@example.test were paused for 14 min: too many tries from one network.");
  });

  it("has words for every event", () => {
    for (const action of AUDIT_ACTIONS) {
      const sentence = entry(action, { before: "{}", after: "{}" });
      expect(sentence, action).toMatch(/\w.*\.$/);
      expect(sentence, action).not.toContain("undefined");
    }
  });

  it("survives malformed stored detail", () => {
    expect(entry("user.role_changed", { before: "not json", after: "[1,2]" })).toBe(
      "Ada Admin changed Wes Writer’s role from  to .",
    );
  });
});

describe("clients and addresses", () => {
  it.each([
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
      "Chrome 156 on Linux",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
      "Safari 18 on iOS",
    ],
    ["curl/8.5.0", "curl 8.5.0"],
  ])("summarises %s as %s", (agent, summary) => {
    expect(summariseUserAgent(agent)).toBe(summary);
  });

  it("calls the loopback addresses this server", () => {
    expect(describeAddress("::1")).toBe("this server (localhost)");
    expect(describeAddress("203.0.113.9")).toBe("203.0.113.9");
    expect(describeAddress(null)).toBe("an unknown address");
  });
});

describe("relative times", () => {
  const now = new Date("2026-11-24T12:00:00Z");
  it.each([
    ["2026-11-24T11:59:50Z", "just now"],
    ["2026-11-24T11:57:00Z", "3 minutes ago"],
    ["2026-11-23T12:00:00Z", "yesterday"],
    ["2026-11-27T12:00:00Z", "in 3 days"],
    ["2026-10-24T12:00:00Z", "last month"],
  ])("%s is %s", (at, words) => {
    expect(formatRelative(new Date(at), now)).toBe(words);
  });
});

describe("the audit catalogue", () => {
  it("files every event under one of the filter's groups", () => {
    const groups = new Set(["Sign-in", "Security", "People", "Articles", "Tokens", "Apps", "Webhooks"]);
    for (const action of AUDIT_ACTIONS) expect(groups.has(auditGroup(action)), action).toBe(true);
  });
});
