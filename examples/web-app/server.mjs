#!/usr/bin/env node
// A small web app that offers "Sign in with Gatehouse" (authorization code + PKCE, with a client
// secret) and lists the articles the person may read through the REST API. It uses openid-client,
// an independent certified OAuth client, and nothing of Gatehouse's own code.
//
//   GATEHOUSE_CLIENT_ID=app_… GATEHOUSE_CLIENT_SECRET=gas_… node examples/web-app/server.mjs
//
// Register the app first (Settings → OAuth apps): kind "web app with a server", redirect URI
// http://localhost:4000/callback (or PORT's), scope articles:read. Then open http://localhost:4000.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import * as client from "openid-client";

const port = Number(process.env.PORT ?? 4000);
const gatehouse = new URL(process.env.GATEHOUSE_URL ?? "http://localhost:3000");
const clientId = process.env.GATEHOUSE_CLIENT_ID;
const clientSecret = process.env.GATEHOUSE_CLIENT_SECRET;
if (!clientId || !clientSecret) {
  console.error("Set GATEHOUSE_CLIENT_ID and GATEHOUSE_CLIENT_SECRET (Settings → OAuth apps in Gatehouse).");
  process.exit(2);
}
const redirectUri = `http://localhost:${port}/callback`;

const config = await client.discovery(
  new URL("/api/oauth", gatehouse),
  clientId,
  undefined,
  client.ClientSecretBasic(clientSecret),
  gatehouse.protocol === "http:" ? { execute: [client.allowInsecureRequests] } : undefined,
);

// Sign-ins in progress (state → PKCE verifier) and signed-in browsers (session id → who and their
// articles), in memory: this is an example, not a production session store.
const pending = new Map();
const sessions = new Map();

const escape = (value) => String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
function page(response, body, status = 200, headers = {}) {
  response.writeHead(status, { "content-type": "text/html; charset=utf-8", ...headers });
  response.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Example app</title></head><body style="font-family:system-ui;max-width:40rem;margin:2rem auto;padding:0 1rem">${body}</body></html>`,
  );
}
const cookie = (request, name) =>
  request.headers.cookie
    ?.split(";")
    .map((part) => part.trim().split("="))
    .find(([key]) => key === name)?.[1];

createServer(async (request, response) => {
  const url = new URL(request.url, `http://localhost:${port}`);
  try {
    if (url.pathname === "/login") {
      const state = client.randomState();
      const verifier = client.randomPKCECodeVerifier();
      pending.set(state, verifier);
      const target = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: "openid email articles:read",
        state,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
      });
      response.writeHead(303, { location: target.href });
      return response.end();
    }
    if (url.pathname === "/callback") {
      const state = url.searchParams.get("state");
      const verifier = pending.get(state);
      pending.delete(state);
      if (!verifier) return page(response, "<p>That sign-in expired. <a href='/login'>Try again</a></p>", 400);
      if (url.searchParams.get("error"))
        return page(response, `<p>Gatehouse said: ${escape(url.searchParams.get("error"))}. <a href="/">Back</a></p>`);
      const tokens = await client.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      const api = new URL("/api/v1/articles?limit=20", gatehouse);
      const answer = await client.fetchProtectedResource(config, tokens.access_token, api, "GET");
      const articles = answer.ok ? (await answer.json()).data : [];
      const id = randomBytes(16).toString("hex");
      sessions.set(id, { email: tokens.claims()?.email, articles });
      response.writeHead(303, { location: "/", "set-cookie": `example_session=${id}; HttpOnly; SameSite=Lax; Path=/` });
      return response.end();
    }
    const session = sessions.get(cookie(request, "example_session"));
    if (!session) return page(response, `<h1>Example app</h1><p><a href="/login">Sign in with Gatehouse</a></p>`);
    const items = session.articles.map((article) => `<li>${escape(article.title)}</li>`).join("");
    return page(
      response,
      `<h1>Hello ${escape(session.email)}</h1><h2>Your articles</h2><ul data-articles>${items}</ul>`,
    );
  } catch (error) {
    console.error(error);
    return page(response, "<p>Something went wrong. <a href='/'>Back</a></p>", 500);
  }
}).listen(port, () => console.log(`Example app at http://localhost:${port}`));
