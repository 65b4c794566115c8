import { passkeyOptions } from "@/lib/auth/passkeys/options-route";

export const dynamic = "force-dynamic";

export const POST = passkeyOptions;
