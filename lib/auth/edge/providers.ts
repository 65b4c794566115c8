import { env, type Env } from "@/lib/env";

// Which external sign-in providers are configured, from the environment. Edge-safe and free of
// Auth.js imports: the sign-in page lists these as buttons, middleware lets the browser post to
// their origins (CSP form-action), and lib/auth/providers/authjs.ts turns them into Auth.js providers.

export const OAUTH_PROVIDER_IDS = ["github", "google", "oidc"] as const;
export type OAuthProviderId = (typeof OAUTH_PROVIDER_IDS)[number];

export type OAuthProviderSettings = {
  id: OAuthProviderId;
  /** What the button and the settings page call it. */
  name: string;
  clientId: string;
  clientSecret: string;
  /** OpenID Connect issuer; discovery finds the endpoints. Unset for GitHub, which is plain OAuth 2.0. */
  issuer?: string;
  /** Where the browser is sent to sign in, for the Content-Security-Policy form-action directive. */
  origins: string[];
  /** Whether this provider's "email verified" can be relied on (lib/auth/providers/sign-in-decision.ts). */
  assertsVerifiedEmail: boolean;
};

export function oauthProviderSettings(env: Env): OAuthProviderSettings[] {
  const providers: OAuthProviderSettings[] = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    providers.push({
      id: "github",
      name: "GitHub",
      clientId: env.AUTH_GITHUB_ID,
      clientSecret: env.AUTH_GITHUB_SECRET,
      origins: ["https://github.com"],
      // GitHub's profile does not say whether the address is verified, so it never links by email.
      assertsVerifiedEmail: false,
    });
  }
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) {
    providers.push({
      id: "google",
      name: "Google",
      clientId: env.AUTH_GOOGLE_ID,
      clientSecret: env.AUTH_GOOGLE_SECRET,
      issuer: "https://accounts.google.com",
      origins: ["https://accounts.google.com"],
      assertsVerifiedEmail: true,
    });
  }
  if (env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET) {
    providers.push({
      id: "oidc",
      name: env.AUTH_OIDC_NAME ?? "Single sign-on",
      clientId: env.AUTH_OIDC_ID,
      clientSecret: env.AUTH_OIDC_SECRET,
      issuer: env.AUTH_OIDC_ISSUER,
      origins: [new URL(env.AUTH_OIDC_ISSUER).origin],
      assertsVerifiedEmail: true,
    });
  }
  return providers;
}

/** The providers this running app offers. */
export const configuredOAuthProviders: readonly OAuthProviderSettings[] = oauthProviderSettings(env);

export function isConfiguredProvider(id: string): id is OAuthProviderId {
  return configuredOAuthProviders.some((provider) => provider.id === id);
}

/** The public part, safe to hand to client components and pages. */
export type OAuthProviderSummary = Pick<OAuthProviderSettings, "id" | "name">;

const DEFAULT_NAMES: Record<OAuthProviderId, string> = { github: "GitHub", google: "Google", oidc: "Single sign-on" };

/**
 * A display name for a provider id, also for accounts linked through a provider since removed.
 * Ids come from URLs and forms too, so an unknown one never reaches the page as text: a crafted
 * link must not be able to put its own words on a Gatehouse page.
 */
export function providerName(id: string, configured: readonly OAuthProviderSummary[]): string {
  const known = configured.find((provider) => provider.id === id)?.name;
  if (known) return known;
  return (OAUTH_PROVIDER_IDS as readonly string[]).includes(id) ? DEFAULT_NAMES[id as OAuthProviderId] : "the provider";
}
