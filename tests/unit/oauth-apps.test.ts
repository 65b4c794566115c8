import { describe, expect, it } from "vitest";
import { appSettingsSchema, redirectUriProblem, registerAppSchema } from "@/lib/auth/oauth-server/apps/schemas";
import { contentSecurityPolicy } from "@/lib/http/security-headers";

// What an app may register: redirect URIs are matched exactly later, so only complete, safe ones get in.
describe("redirect URIs an app may register", () => {
  it.each([
    "https://app.example.com/callback",
    "http://localhost:4000/callback",
    "http://127.0.0.1:8080/cb",
    "http://[::1]:8080/cb",
    "com.example.app:/callback",
  ])("accepts %s", (uri) => {
    expect(redirectUriProblem(uri)).toBeNull();
  });

  it.each([
    ["http://app.example.com/callback", "uses http"],
    ["https://app.example.com/callback#x", "fragment"],
    ["https://user:pass@app.example.com/cb", "user name or password"],
    ["javascript:alert(1)", "must use https"],
    ["data:text/html,hi", "must use https"],
    ["/callback", "not a complete URL"],
    ["myapp:/callback", "must use https"],
  ])("refuses %s (%s)", (uri, reason) => {
    expect(redirectUriProblem(uri)).toContain(reason);
  });

  it("takes one per line, without duplicates, and says which one is wrong", () => {
    const parsed = registerAppSchema.safeParse({
      name: "App",
      redirectUris: "https://a.example/cb\nhttps://a.example/cb\n http://b.example/cb ",
      kind: "confidential",
      scopes: "articles:read",
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toContain("http://b.example/cb");
    const ok = registerAppSchema.parse({
      name: "App",
      redirectUris: "https://a.example/cb\nhttps://a.example/cb",
      kind: "public",
      scopes: "articles:read,articles:write",
    });
    expect(ok.redirectUris).toEqual(["https://a.example/cb"]);
  });

  it.each(["Safe\u202Eppa lliveE", "Good\u2066app\u2069", "A\u200Fb"])(
    "refuses a name that reorders what people read (%j)",
    (name) => {
      const parsed = registerAppSchema.safeParse({
        name,
        redirectUris: "https://a.example/cb",
        kind: "public",
        scopes: "articles:read",
      });
      expect(parsed.error?.issues[0].message).toBe("The name cannot contain direction-changing characters.");
    },
  );
});

describe("an admin's settings for an app", () => {
  it("reads a token lifetime in minutes within the policy's bounds", () => {
    expect(appSettingsSchema.parse({ appId: "app_x", accessTokenMinutes: "5" }).accessTokenMinutes).toBe(300);
    expect(appSettingsSchema.parse({ appId: "app_x", accessTokenMinutes: "" }).accessTokenMinutes).toBeNull();
    expect(appSettingsSchema.safeParse({ appId: "app_x", accessTokenMinutes: "0" }).success).toBe(false);
    expect(appSettingsSchema.safeParse({ appId: "app_x", accessTokenMinutes: "61" }).success).toBe(false);
    expect(appSettingsSchema.safeParse({ appId: "app_x", serviceRole: "Root!" }).success).toBe(false);
    // A custom role's name is a role the command looks up (and refuses when there is none).
    expect(appSettingsSchema.safeParse({ appId: "app_x", serviceRole: "support" }).success).toBe(true);
  });
});

describe("an app's logo", () => {
  const registration = (logoUrl: string) =>
    registerAppSchema.safeParse({
      name: "App",
      redirectUris: "https://app.example.com/callback",
      kind: "public",
      scopes: "articles:read",
      logoUrl,
    });

  it("is an https address of an image, or nothing", () => {
    expect(registration("https://cdn.example.com/logo.png").success).toBe(true);
    expect(registration("").success).toBe(true);
    for (const refused of [
      "http://cdn.example.com/logo.png",
      "javascript:alert(1)",
      "data:image/svg+xml,<svg/>",
      "https://user:pass@cdn.example.com/logo.png",
      "//cdn.example.com/logo.png",
      "logo.png",
      `https://cdn.example.com/${"a".repeat(500)}`,
    ]) {
      const result = registration(refused);
      expect(result.success, refused).toBe(false);
      expect(result.error?.issues[0].path).toEqual(["logoUrl"]);
    }
  });

  it("and the links beside it carry no user name or password either", () => {
    const withHomepage = registerAppSchema.safeParse({
      name: "App",
      redirectUris: "https://app.example.com/callback",
      kind: "public",
      scopes: "articles:read",
      homepageUrl: "https://user:pass@app.example.com/",
    });
    expect(withHomepage.error?.issues[0].path).toEqual(["homepageUrl"]);
  });

  it("loads only on the pages where people decide about apps, never on an admin's", () => {
    const imageSources = (pathname: string) =>
      contentSecurityPolicy("nonce", true, [], pathname)
        .split("; ")
        .find((directive) => directive.startsWith("img-src"));
    for (const showing of ["/oauth/interaction/abc/consent", "/settings/apps", "/settings/connected-apps"])
      expect(imageSources(showing), showing).toBe("img-src 'self' data: blob: https:");
    for (const other of ["/admin/apps", "/settings/applications", "/dashboard", "/oauth/interactionx", "/"])
      expect(imageSources(other), other).toBe("img-src 'self' data: blob:");
  });
});
