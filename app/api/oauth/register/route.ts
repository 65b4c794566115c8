// Dynamic client registration (RFC 7591): lib/auth/oauth-server/registration.ts.
import { registerClient, registrationPreflight } from "@/lib/auth/oauth-server/registration";

export const POST = registerClient;
export const OPTIONS = registrationPreflight;
export const dynamic = "force-dynamic";
