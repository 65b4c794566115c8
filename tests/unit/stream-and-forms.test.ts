import { describe, expect, it } from "vitest";
import { formValues } from "@/lib/forms/form-state";
import { streamedResponse } from "@/lib/http/stream";
import { routeOf } from "@/lib/server/request-log";

async function* lines(count: number, failAfter?: number) {
  for (let i = 0; i < count; i++) {
    if (failAfter !== undefined && i === failAfter) throw new Error("database went away");
    yield `line ${i}\n`;
  }
}

describe("a streamed response", () => {
  it("sends every chunk and ends", async () => {
    const response = await streamedResponse(lines(3), {}, "test");
    expect(await response.text()).toBe("line 0\nline 1\nline 2\n");
  });

  it("fails before answering when the first chunk cannot be read, so the caller can answer with an error", async () => {
    await expect(streamedResponse(lines(3, 0), {}, "test")).rejects.toThrow("database went away");
  });

  it("errors the body when a later chunk fails, so a cut-off download never reads as complete", async () => {
    const response = await streamedResponse(lines(5, 2), {}, "test");
    await expect(response.text()).rejects.toThrow("database went away");
  });
});

describe("form values", () => {
  it("takes fields named like built-in properties as sent", () => {
    const form = new FormData();
    const names = ["toString", "constructor", "valueOf", "__proto__", "hasOwnProperty"];
    for (const name of names) form.append(name, "sent");
    // Built with fromEntries: an object literal would take "__proto__" as the prototype.
    expect(formValues(form)).toEqual(Object.fromEntries(names.map((name) => [name, "sent"])));
    expect(Object.getPrototypeOf(formValues(form))).toBe(Object.prototype);
  });

  it("joins a repeated name and leaves out files and React's own fields", () => {
    const form = new FormData();
    form.append("scopes", "a");
    form.append("scopes", "b");
    form.append("$ACTION_ID_1", "");
    form.append("upload", new Blob(["x"]));
    expect(formValues(form)).toEqual({ scopes: "a,b" });
  });
});

describe("the route a request is logged under", () => {
  it("keeps the words of a path and replaces ids, tokens and codes", () => {
    expect(routeOf("/dashboard")).toBe("/dashboard");
    expect(routeOf("/settings/connected-apps?x=1")).toBe("/settings/connected-apps");
    expect(routeOf("/api/v1/articles/cm3x9a2b40000abcd")).toBe("/api/v1/articles/:id");
    expect(routeOf("/api/oauth/.well-known/openid-configuration")).toBe("/api/oauth/.well-known/openid-configuration");
    expect(routeOf("/oauth/interaction/Qw3_rT-9zzKp/consent")).toBe("/oauth/interaction/:id/consent");
    expect(routeOf("/admin/users/app_59RDLAsKIt")).toBe("/admin/users/:id");
    expect(routeOf("/reset-password/abcdefghijklmnopqrstuvwxyzabcdefghij")).toBe("/reset-password/:id");
    expect(routeOf("/_next/static/chunks/abc.js")).toBe("/_next/*");
    expect(routeOf("/")).toBe("/");
  });
});
