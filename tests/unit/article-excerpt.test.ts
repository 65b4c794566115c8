import { describe, expect, it } from "vitest";
import { excerptOf } from "@/lib/articles/queries";

describe("an article's excerpt in a list", () => {
  it("is the whole text when it is short", () => {
    expect(excerptOf("Two short lines.\nThat is all.")).toBe("Two short lines.\nThat is all.");
  });

  it("stops at a space before the limit and says there is more", () => {
    const body = `${"word ".repeat(100)}end`;
    const excerpt = excerptOf(body, 40);
    expect(excerpt.endsWith("…")).toBe(true);
    expect(excerpt.length).toBeLessThanOrEqual(41);
    expect(body.startsWith(excerpt.slice(0, -1))).toBe(true);
    expect(excerpt.slice(0, -1)).toMatch(/word$/);
  });

  it("cuts a text without spaces at the limit", () => {
    expect(excerptOf("x".repeat(500), 280)).toBe(`${"x".repeat(280)}…`);
  });

  it("never cuts a character in half", () => {
    const excerpt = excerptOf(`${"x".repeat(279)}😀 and more`, 280);
    expect(excerpt).toBe(`${"x".repeat(279)}…`);
  });
});
