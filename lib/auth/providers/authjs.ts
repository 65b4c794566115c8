import "server-only";
import type { Provider } from "next-auth/providers";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import type { OAuthProviderSettings } from "@/lib/auth/edge/providers";

// Auth.js providers for the configured external sign-in providers.
//
// allowDangerousEmailAccountLinking is on for every one of them on purpose: it only lets Auth.js
// link by email when our signIn callback (lib/auth/providers/sign-in-decision.ts) has said yes, and that callback
// says yes only for a verified email on an account whose email was itself verified. Without it,
// Auth.js would refuse those safe cases with its raw OAuthAccountNotLinked error.
export function authJsProvider(settings: OAuthProviderSettings): Provider {
  const common = {
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    allowDangerousEmailAccountLinking: true,
  };
  switch (settings.id) {
    case "github":
      // GitHub is OAuth 2.0 without OpenID Connect: no nonce. It supports PKCE; state is checked too.
      return GitHub({ ...common, checks: ["pkce", "state"] });
    case "google":
      return Google({ ...common, checks: ["pkce", "state", "nonce"] });
    case "oidc":
      return {
        ...common,
        id: "oidc",
        name: settings.name,
        type: "oidc",
        issuer: settings.issuer,
        checks: ["pkce", "state", "nonce"],
        authorization: { params: { scope: "openid email profile" } },
        // The ID token is still verified (signature, issuer, audience, nonce), but the profile comes
        // from the userinfo endpoint: many issuers leave email and email_verified out of the ID token.
        idToken: false,
      };
  }
}
