import type { DefaultSession } from "next-auth";
import type { Capability } from "@/lib/auth/policy";

declare module "next-auth" {
  interface User {
    /** A built-in role's name or a custom role's (lib/auth/policy.ts). */
    role?: string;
    sessionVersion?: number;
  }
  interface Session {
    user: {
      id: string;
      role?: string;
      /** A custom role's capabilities (none for a built-in role: the code knows those). */
      capabilities?: Capability[];
      sessionVersion?: number;
      verified?: boolean;
      secondFactorMissing?: boolean;
    } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    role?: string;
    /**
     * A custom role's capabilities, re-read with the role, for the edge gate (which has no database).
     * Absent for a built-in role.
     */
    caps?: Capability[];
    /**
     * The person's session version when this JWT was made: ending all their sessions (or disabling
     * them) raises the stored one, and a JWT with an older `sv` counts as signed out.
     */
    sv?: number;
    /** When this session signed in (seconds since the epoch): the absolute session limit counts from it. */
    authTime?: number;
    /** When the role was last read from the database (seconds since the epoch). */
    roleCheckedAt?: number;
    /** This session's id: its row in SignedInSession, which ending the session marks. */
    sid?: string;
    /** Whether the person's email address is confirmed (re-read with the role). */
    ev?: boolean;
    /** The role requires a second factor the person has not set up (re-read with the role). */
    sfm?: boolean;
  }
}
