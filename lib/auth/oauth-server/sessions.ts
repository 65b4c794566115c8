import "server-only";
import { cookies } from "next/headers";
import { storedRecordId } from "@/lib/auth/oauth-server/adapter";
import { db } from "@/lib/db";

// The OAuth server keeps a session of its own beside Auth.js's (its cookie, its record). Gatehouse
// never lets it decide who is signed in (lib/auth/oauth-server/provider.ts), and signing out of
// Gatehouse ends it as well, so nothing of the signed-out person is left in this browser.
const PROVIDER_SESSION_COOKIE = "_session";

export async function endProviderSession(): Promise<void> {
  const jar = await cookies();
  const id = jar.get(PROVIDER_SESSION_COOKIE)?.value;
  if (!id) return;
  if (/^[\w-]{1,64}$/.test(id)) {
    await db.oAuthRecord.deleteMany({ where: { kind: "Session", id: storedRecordId("Session", id) } });
  }
  jar.delete(PROVIDER_SESSION_COOKIE);
  jar.delete(`${PROVIDER_SESSION_COOKIE}.sig`);
}
