import type { Metadata } from "next";
import Link from "next/link";
import { IDENTITY_SCOPES, SCOPE_DESCRIPTIONS, SCOPE_NAMES } from "@/lib/auth/policy";
import { env } from "@/lib/env";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "OAuth for integrators" };

function Example({ label, children }: { label: string; children: string }) {
  return (
    <pre
      tabIndex={0}
      aria-label={label}
      className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100"
    >
      <code>{children}</code>
    </pre>
  );
}

export default function OAuthDocsPage() {
  const origin = env.appOrigin;
  const issuer = `${origin}/api/oauth`;
  const endpoints = [
    ["Discovery (OpenID)", `${issuer}/.well-known/openid-configuration`],
    ["Discovery (RFC 8414)", `${origin}/.well-known/oauth-authorization-server/api/oauth`],
    ["Authorization", `${issuer}/auth`],
    ["Token", `${issuer}/token`],
    ["Device authorization", `${issuer}/device/auth`],
    ["Revocation (RFC 7009)", `${issuer}/token/revocation`],
    ["Introspection (RFC 7662, own tokens only)", `${issuer}/token/introspection`],
    ["User info", `${issuer}/me`],
    ["Keys (JWKS)", `${issuer}/jwks`],
    ["Sign-out", `${issuer}/session/end`],
  ];
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">OAuth for integrators</h1>
        <p className="text-sm muted">
          Let people sign in to your app with Gatehouse and let it call the{" "}
          <Link href="/docs/api" className="font-medium text-indigo-600 dark:text-indigo-400">
            REST API
          </Link>{" "}
          for them, on their consent. Gatehouse is an OAuth 2.0 authorization server and OpenID provider; any certified
          client library works with it.
        </p>
      </div>
      <Card title="1. Register your app">
        <p className="text-sm">
          In{" "}
          <Link href="/settings/apps" className="font-medium text-indigo-600 dark:text-indigo-400">
            Settings → OAuth apps
          </Link>
          , give a name, the exact redirect URIs, the kind (a web app with a server gets a client secret, shown once; a
          single-page, mobile or command-line app has none) and the API scopes it may ask for. A logo (an https
          address), a homepage and links to your privacy policy and terms are shown on the consent page.
        </p>
      </Card>
      <Card title="Endpoints">
        <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
          {endpoints.map(([name, url]) => (
            <div key={name} className="contents">
              <dt className="font-medium">{name}</dt>
              <dd>
                <code className="font-mono break-all">{url}</code>
              </dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card title="Scopes">
        <ul className="space-y-1 text-sm">
          {[...IDENTITY_SCOPES, ...SCOPE_NAMES].map((scope) => (
            <li key={scope}>
              <code className="font-mono">{scope}</code> — {SCOPE_DESCRIPTIONS[scope]}
            </li>
          ))}
        </ul>
        <p className="mt-3 text-sm muted">
          An access token can do what the person granted and their role allows, both at the time of each request.
          Refresh tokens need <code>offline_access</code> with <code>prompt=consent</code>; they rotate. A spent one
          used again within 10 seconds is taken as a retry (you get new tokens, and the refresh token its first use gave
          stops working); after that, it revokes the whole grant. A token asked for with <code>openid</code> and API
          scopes reads both the API and user info. With <code>prompt=none</code> a person who is signed in to Gatehouse
          and has consented comes straight back with a code; otherwise your redirect URI gets{" "}
          <code>login_required</code> or <code>consent_required</code>.
        </p>
      </Card>
      <Card title="Authorization code with PKCE (web, single-page and native apps)">
        <ol className="list-decimal space-y-3 pl-5 text-sm">
          <li>
            Send the person to the authorization endpoint with a PKCE challenge (S256; required for every app):
            <Example label="Authorization request">{`${issuer}/auth?response_type=code&client_id=$CLIENT_ID
  &redirect_uri=https://app.example.com/callback&scope=openid%20email%20articles:read
  &state=$STATE&code_challenge=$CHALLENGE&code_challenge_method=S256`}</Example>
          </li>
          <li>
            They sign in (any method), see your app and its scopes, and come back with <code>code</code>,{" "}
            <code>state</code> and <code>iss</code> (check both). Trade the code:
            <Example label="Token request">{`curl -s -u "$CLIENT_ID:$CLIENT_SECRET" ${issuer}/token \\
  -d grant_type=authorization_code -d code=$CODE -d code_verifier=$VERIFIER \\
  -d redirect_uri=https://app.example.com/callback`}</Example>
            A public app sends <code>-d client_id=$CLIENT_ID</code> instead of <code>-u</code>.
          </li>
          <li>
            Call the API with the access token:
            <Example label="API request">{`curl -s -H "Authorization: Bearer $ACCESS_TOKEN" ${origin}/api/v1/articles`}</Example>
          </li>
          <li>
            Better, bind the tokens to a key of your app&apos;s (DPoP, RFC 9449): send a <code>DPoP</code> proof with
            the token request, then call with <code>Authorization: DPoP $ACCESS_TOKEN</code> and a fresh proof each
            time. A copied token is then useless without the key. Tick &ldquo;Require DPoP-bound tokens&rdquo; on your
            app to refuse any token request without a proof; <code>examples/cli</code> shows it with openid-client.
          </li>
        </ol>
      </Card>
      <Card title="Devices and command-line tools (RFC 8628)">
        <Example label="Device flow">{`curl -s ${issuer}/device/auth -d client_id=$CLIENT_ID -d "scope=openid articles:read"
# show the person user_code and ${origin}/device, then poll every "interval" seconds:
curl -s ${issuer}/token -d client_id=$CLIENT_ID \\
  -d grant_type=urn:ietf:params:oauth:grant-type:device_code -d device_code=$DEVICE_CODE`}</Example>
        <p className="mt-3 text-sm">
          Wrong codes typed at the device page are limited to 10 per network in 15 minutes (codes that are right do not
          count), so a code cannot be guessed in its 10 minutes.
        </p>
      </Card>
      <Card title="Signing out (RP-initiated logout)">
        <p className="text-sm">
          Send the person to the sign-out endpoint with the ID token you got and where to come back to: one of your
          registered redirect URIs, exactly. Gatehouse asks them; if they say yes, they are signed out of Gatehouse in
          that browser as well, and sent back with your <code>state</code>.
        </p>
        <Example label="Sign-out">{`${issuer}/session/end?id_token_hint=$ID_TOKEN&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback&state=$STATE`}</Example>
      </Card>
      <Card title="Server-to-server (client credentials)">
        <p className="text-sm">
          An admin can give a web app a service role (Admin → Apps). Its own tokens then carry its scopes ∩ that role:
        </p>
        <Example label="Client credentials">{`curl -s -u "$CLIENT_ID:$CLIENT_SECRET" ${issuer}/token \\
  -d grant_type=client_credentials -d "scope=articles:read"`}</Example>
      </Card>
      <Card title="Taking access back">
        <p className="text-sm">
          People revoke an app in{" "}
          <Link href="/settings/connected-apps" className="font-medium text-indigo-600 dark:text-indigo-400">
            Settings → Connected apps
          </Link>
          ; its tokens stop working at once. Your app can revoke its own tokens at the revocation endpoint.
        </p>
      </Card>
    </div>
  );
}
