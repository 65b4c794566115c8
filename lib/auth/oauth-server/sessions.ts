import "server-only";
import { cookies } from "next/headers";
import { recordAudit } from "@/lib/audit/record";
import { storedRecordId } from "@/lib/auth/oauth-server/adapter";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { signOut } from "@/lib/auth/session/nextauth";
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

/**
 * An app asked the person to sign out and they said yes at the provider's page (RP-initiated logout):
 * the provider has ended its session; this ends Gatehouse's (recorded as ended, as a sign-out from the
 * header is), so "sign out" means the same wherever it starts.
 */
export async function endGatehouseSessionForApp(appName: string | null): Promise<void> {
  const person = await getCurrentPerson();
  if (!person) return;
  await recordAudit({
    action: "auth.sign_out",
    actor: person,
    target: person,
    ...(appName ? { after: { app: appName } } : {}),
  });
  await signOut({ redirect: false });
}
