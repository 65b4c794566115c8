#!/usr/bin/env node
// A command-line tool that signs in with Gatehouse through the device flow (RFC 8628) and saves the
// articles the person may read to a local JSON file. It uses openid-client, an independent certified
// OAuth client, and nothing of Gatehouse's own code. Its tokens are DPoP-bound (RFC 9449): a key pair
// made for this run signs a proof for every call, so a token copied from it is useless elsewhere.
//
//   node examples/cli/sync-articles.mjs --client-id app_… [--gatehouse http://localhost:3000] [--out articles.json]
//
// Register the app first (Settings → OAuth apps): kind "single-page, mobile or command-line app",
// any redirect URI (the device flow does not use it), scope articles:read.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import * as client from "openid-client";

const { values } = parseArgs({
  options: {
    "client-id": { type: "string" },
    gatehouse: { type: "string", default: process.env.GATEHOUSE_URL ?? "http://localhost:3000" },
    out: { type: "string", default: "articles.json" },
  },
});
if (!values["client-id"]) {
  console.error("Usage: node examples/cli/sync-articles.mjs --client-id app_… [--gatehouse URL] [--out FILE]");
  process.exit(2);
}

const gatehouse = new URL(values.gatehouse);
const config = await client.discovery(
  new URL("/api/oauth", gatehouse),
  values["client-id"],
  undefined,
  client.None(),
  // Only for a Gatehouse on http://localhost; in production it is https and this is not needed.
  gatehouse.protocol === "http:" ? { execute: [client.allowInsecureRequests] } : undefined,
);

// The key stays in this process's memory: a new run signs in again with a new one.
const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair());

const device = await client.initiateDeviceAuthorization(config, { scope: "openid articles:read" });
console.log(`To sign in, open ${device.verification_uri} and enter the code ${device.user_code}`);
console.log(`(or open ${device.verification_uri_complete})`);

let tokens;
try {
  tokens = await client.pollDeviceAuthorizationGrant(config, device, undefined, { DPoP });
} catch (error) {
  console.error(`Not signed in: ${error.error_description ?? error.message}`);
  process.exit(1);
}

const articles = [];
let cursor;
do {
  const url = new URL("/api/v1/articles", gatehouse);
  url.searchParams.set("limit", "100");
  if (cursor) url.searchParams.set("cursor", cursor);
  const response = await client.fetchProtectedResource(config, tokens.access_token, url, "GET", undefined, undefined, {
    DPoP,
  });
  if (!response.ok) {
    console.error(`The API refused: ${response.status} ${await response.text()}`);
    process.exit(1);
  }
  const page = await response.json();
  articles.push(...page.data);
  cursor = page.nextCursor;
} while (cursor);

await writeFile(values.out, `${JSON.stringify(articles, null, 2)}\n`);
console.log(`Saved ${articles.length} articles to ${values.out}`);
