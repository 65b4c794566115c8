import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "@/lib/pagination/cursor";
import { GENESIS_HASH, auditHash, type ChainedFields } from "@/lib/audit/chain";
import { auditFiltersSchema } from "@/lib/audit/schemas";
import { defuseFormula, toCsvRow } from "@/lib/http/csv";

const event: ChainedFields = {
  createdAt: new Date("2026-11-22T10:00:00.000Z"),
  action: "user.role_changed",
  actorId: "a1",
  actorEmail: "admin@example.com",
  targetId: "t1",
  targetEmail: "writer@example.com",
  before: '{"role":"writer"}',
  after: '{"role":"user"}',
  ip: "203.0.113.9",
  userAgent: "test",
};

describe("audit hash", () => {
  it("is a stable SHA-256 of the previous hash and the fields", () => {
    expect(auditHash(GENESIS_HASH, event)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(GENESIS_HASH, event)).toBe(auditHash(GENESIS_HASH, { ...event }));
  });

  it.each(Object.keys(event) as Array<keyof ChainedFields>)("changes when %s changes", (field) => {
    const changed = { ...event, [field]: field === "createdAt" ? new Date("2026-11-22T10:00:00.001Z") : "tampered" };
    expect(auditHash(GENESIS_HASH, changed)).not.toBe(auditHash(GENESIS_HASH, event));
  });

  it("changes when the previous hash changes", () => {
    expect(auditHash("f".repeat(64), event)).not.toBe(auditHash(GENESIS_HASH, event));
  });
});

describe("CSV rows", () => {
  it("quotes every cell, doubling quotes inside", () => {
    expect(toCsvRow(["a,b", 'say "hi"', "two\nlines", null, 7])).toBe('"a,b","say ""hi""","two\nlines","","7"');
  });

  it.each(['=HYPERLINK("http://evil")', "+1+1", "-2", "@SUM(A1)", " =1", '"=1', "\t=1"])(
    "defuses the spreadsheet formula %j at the start of a cell",
    (cell) => {
      expect(toCsvRow([cell]).replace(/^"/, "")).toMatch(/^'/);
    },
  );

  // A spreadsheet whose locale separates lists with ";" (or a tab, or "|") splits a cell the file
  // meant as one: each part that starts a formula must be defused too.
  it.each([
    ["Mozilla/5.0;=1+2", "Mozilla/5.0;'=1+2"],
    ["a, =2", "a, '=2"],
    ["x\t@SUM(A1)", "x\t'@SUM(A1)"],
    ["p|+1", "p|'+1"],
    ['a;"=1', "a;\"'=1"],
    ["2026-11-24", "2026-11-24"],
    ["name@example.com", "name@example.com"],
  ])("defuses %j after a separator as %j", (cell, defused) => {
    expect(defuseFormula(cell)).toBe(defused);
  });
});

describe("people list cursor", () => {
  it("round-trips", () => {
    const row = { createdAt: new Date("2026-01-02T03:04:05.006Z"), id: "ckabc" };
    expect(decodeCursor(encodeCursor(row))).toEqual(row);
  });

  it.each([
    "",
    "garbage",
    Buffer.from("[1,2]").toString("base64url"),
    Buffer.from('["not a date","x"]').toString("base64url"),
  ])("ignores a malformed cursor %j instead of failing", (raw) => {
    expect(decodeCursor(raw)).toBeUndefined();
  });
});

describe("audit filters", () => {
  it("lower-cases the search and makes the end date inclusive", () => {
    const filters = auditFiltersSchema.parse({ q: " Ada@Example.com ", to: "2026-11-22", action: "user.disabled" });
    expect(filters.q).toBe("ada@example.com");
    expect(filters.to?.toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(filters.action).toBe("user.disabled");
  });

  it("drops an unknown event kind and refuses a malformed date with a message", () => {
    expect(auditFiltersSchema.parse({ action: "drop table" }).action).toBeUndefined();
    const result = auditFiltersSchema.safeParse({ from: "22/11/2026" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Use a date like 2026-01-31.");
  });
});
