import { describe, expect, it } from "vitest";
import { oauthProviderSettings, providerName } from "@/lib/auth/edge/providers";
import { authJsProvider } from "@/lib/auth/providers/authjs";
import { providerVerifiedEmail } from "@/lib/auth/providers/sign-in-decision";
import { parseEnv } from "@/lib/env";
import { contentSecurityPolicy } from "@/lib/http/security-headers";

const base = { AUTH_SECRET: "unit-tests-only-secret-0123456789abcdef" };

function configured(extra: Record<string, string>) {
  return oauthProviderSettings(parseEnv({ ...base, ...extra }));
}

// What Auth.js will actually run with for each provider: its options merged over its defaults.
function resolved(extra: Record<string, string>) {
  return configured(extra).map((settings) => {
    const provider = authJsProvider(settings) as unknown as Record<string, unknown> & {
      options?: Record<string, unknown>;
    };
    return { ...provider, ...(provider.options ?? {}) } as Record<string, unknown>;
  });
}

describe("external sign-in providers from the environment", () => {
  it("offers none when nothing is configured, and empty values count as unset", () => {
    expect(configured({})).toEqual([]);
    expect(configured({ AUTH_GITHUB_ID: "", AUTH_GITHUB_SECRET: "" })).toEqual([]);
  });

  it("configures GitHub as OAuth 2.0 with PKCE and state, and never trusts it to verify email", () => {
    const [github] = resolved({ AUTH_GITHUB_ID: "Iv1.abc", AUTH_GITHUB_SECRET: "gh-secret" });
    expect(github).toMatchObject({
      id: "github",
      type: "oauth",
      clientId: "Iv1.abc",
      clientSecret: "gh-secret",
      checks: ["pkce", "state"],
    });
    expect(String((github.authorization as { url: string }).url)).toBe("https://github.com/login/oauth/authorize");
    const [settings] = configured({ AUTH_GITHUB_ID: "Iv1.abc", AUTH_GITHUB_SECRET: "gh-secret" });
    expect(settings.origins).toEqual(["https://github.com"]);
    expect(providerVerifiedEmail(settings, { email_verified: true })).toBe(false);
  });

  it("configures Google as OpenID Connect with PKCE, state and nonce", () => {
    const [google] = resolved({ AUTH_GOOGLE_ID: "123.apps.googleusercontent.com", AUTH_GOOGLE_SECRET: "g-secret" });
    expect(google).toMatchObject({
      id: "google",
      type: "oidc",
      issuer: "https://accounts.google.com",
      checks: ["pkce", "state", "nonce"],
    });
    const [settings] = configured({ AUTH_GOOGLE_ID: "123.apps.googleusercontent.com", AUTH_GOOGLE_SECRET: "g-secret" });
    expect(settings.origins).toEqual(["https://accounts.google.com"]);
  });

  it("configures any OpenID Connect issuer by URL, with its display name", () => {
    const env = {
      AUTH_OIDC_ISSUER: "https://login.example.com/realms/acme",
      AUTH_OIDC_ID: "gatehouse",
      AUTH_OIDC_SECRET: "s",
      AUTH_OIDC_NAME: "Acme SSO",
    };
    const [oidc] = resolved(env);
    expect(oidc).toMatchObject({
      id: "oidc",
      name: "Acme SSO",
      type: "oidc",
      issuer: "https://login.example.com/realms/acme",
      checks: ["pkce", "state", "nonce"],
    });
    expect(configured(env)[0].origins).toEqual(["https://login.example.com"]);
  });

  it("lists all three when all are configured, in a stable order", () => {
    const all = configured({
      AUTH_GITHUB_ID: "a",
      AUTH_GITHUB_SECRET: "b",
      AUTH_GOOGLE_ID: "c",
      AUTH_GOOGLE_SECRET: "d",
      AUTH_OIDC_ISSUER: "https://id.example.org",
      AUTH_OIDC_ID: "e",
      AUTH_OIDC_SECRET: "f",
    });
    expect(all.map((provider) => provider.id)).toEqual(["github", "google", "oidc"]);
    expect(all.find((provider) => provider.id === "oidc")?.name).toBe("Single sign-on");
  });

  it.each([
    [
      { AUTH_GITHUB_ID: "only-the-id" },
      "AUTH_GITHUB_SECRET: set both AUTH_GITHUB_ID and AUTH_GITHUB_SECRET, or neither",
    ],
    [{ AUTH_GOOGLE_SECRET: "only-the-secret" }, "AUTH_GOOGLE_ID: set both"],
    [
      { AUTH_OIDC_ID: "x", AUTH_OIDC_SECRET: "y" },
      "AUTH_OIDC_ISSUER: AUTH_OIDC_ID is set, so AUTH_OIDC_ISSUER must be too",
    ],
    [
      { AUTH_OIDC_ISSUER: "not a url", AUTH_OIDC_ID: "x", AUTH_OIDC_SECRET: "y" },
      "AUTH_OIDC_ISSUER must be the issuer URL",
    ],
  ])("refuses to start with a half-configured provider (%o)", (extra, message) => {
    expect(() => parseEnv({ ...base, ...extra })).toThrow(message);
  });
});

describe("what counts as a provider-verified email", () => {
  const oidc = { assertsVerifiedEmail: true };
  it.each([
    [{ email_verified: true }, true],
    [{ email_verified: "true" }, true],
    [{ email_verified: false }, false],
    [{ email_verified: "false" }, false],
    [{ email_verified: 1 }, false],
    [{}, false],
    [null, false],
  ])("%o → %s", (profile, expected) => {
    expect(providerVerifiedEmail(oidc, profile)).toBe(expected);
  });
});

describe("the Content-Security-Policy with providers configured", () => {
  it("lets forms reach the providers' sign-in pages and nowhere else", () => {
    const csp = contentSecurityPolicy("nonce", true, ["https://github.com", "https://accounts.google.com"]);
    expect(csp).toContain("form-action 'self' https://github.com https://accounts.google.com;");
    expect(contentSecurityPolicy("nonce", true)).toContain("form-action 'self';");
  });
});

describe("provider names shown on pages", () => {
  const configured = [{ id: "oidc" as const, name: "Acme SSO" }];
  it("uses the configured name, then the built-in one", () => {
    expect(providerName("oidc", configured)).toBe("Acme SSO");
    expect(providerName("github", configured)).toBe("GitHub");
  });
  it("never echoes an unknown id from a URL or form", () => {
    expect(providerName("Call +1 555 0100 to restore your account", configured)).toBe("the provider");
    expect(providerName("", configured)).toBe("the provider");
  });
});
