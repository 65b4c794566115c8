/**
 * Headers for every response, pages and API alike. The nonce-based Content-Security-Policy is set per
 * request in middleware.ts.
 */
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // Browsers ignore HSTS over plain http (localhost), so it is safe to send always in production.
  ...(process.env.NODE_ENV === "production"
    ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
    : []),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and WebAssembly-backed packages stay out of the server bundle and load from node_modules.
  serverExternalPackages: [
    "@prisma/client",
    ".prisma/postgres-client",
    "@prisma/adapter-better-sqlite3",
    "better-sqlite3",
    "@prisma/adapter-pg",
    "pg",
    "@node-rs/argon2",
    "ioredis",
    "oidc-provider",
  ],
  experimental: {
    // forbidden() in pages and actions renders app/forbidden.tsx with status 403.
    authInterrupts: true,
    // Next buffers a copy of each request body for middleware, up to this size per request. Page posts
    // (server actions) are refused above 1 MB by middleware (lib/http/server-action-guard.ts), which
    // must see a little more than 1 MB to know; anything past this is dropped instead of held.
    proxyClientMaxBodySize: "2mb",
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Pages opened from a mailed link carry its secret in their address: no Referer may repeat it,
      // not even to Gatehouse's own scripts and images (a later rule wins for the same header).
      ...["/verify-email", "/reset-password", "/email-change", "/email-change/undo"].map((source) => ({
        source,
        headers: [{ key: "Referrer-Policy", value: "no-referrer" }],
      })),
      // Pages get a nonce-based policy per request from middleware.ts. API answers are JSON, but a
      // route that ever answered with HTML must not run anything in it either.
      // The OAuth server (/api/oauth) sets its own (lib/auth/oauth-server/provider.ts): it renders a few
      // pages with inline scripts it hashes.
      // The same for the other machines' endpoints middleware leaves out: the MCP server and the
      // well-known documents (and the HTML 404 a wrong path under them gets).
      ...["/api/:path((?!oauth/).*)", "/mcp", "/mcp/:path*", "/.well-known/:path*"].map((source) => ({
        source,
        headers: [
          {
            key: "Content-Security-Policy",
            value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
          },
        ],
      })),
    ];
  },
};

module.exports = nextConfig;
