/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and WebAssembly-backed packages stay out of the server bundle and load from node_modules.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-better-sqlite3", "better-sqlite3", "@node-rs/argon2"],
  experimental: {
    // forbidden() in pages and actions renders app/forbidden.tsx with status 403.
    authInterrupts: true,
  },
};

module.exports = nextConfig;
