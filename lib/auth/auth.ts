import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "@/lib/auth/auth.config";
import { verifyCredentials } from "@/lib/auth/credentials";
import { db } from "@/lib/db";

// The full, Node-only Auth.js instance: the edge-safe config plus the database adapter and the
// providers that need Prisma and argon2.
export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  adapter: PrismaAdapter(db),
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: (raw) => verifyCredentials(raw),
    }),
  ],
});
