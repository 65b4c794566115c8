import "server-only";
import { cookies } from "next/headers";
import { recordAudit } from "@/lib/audit/record";
import { storedRecordId } from "@/lib/auth/oauth-server/adapter";
import { currentSession } from "@/lib/auth/session/current-session";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { signOut } from "@/lib/auth/session/nextauth";
import { db } from "@/lib/db";

// The OAuth server keeps a session of its own beside Auth.js's (its cookie, its record). Gatehouse
// never lets it decide who is signed in (lib/auth/oauth-server/provider.ts), and signing out of
// Gatehouse ends it as well, so nothing of the signed-out person is left in this browser.
export const PROVIDER_SESSION_COOKIE = "_session";

/** The provider's session of this browser (its cookie's value), or null (none, or outside a request). */
export async function thisBrowsersProviderSession(): Promise<string | null> {
  let id: string | undefined;
  try {
    id = (await cookies()).get(PROVIDER_SESSION_COOKIE)?.value;
  } catch {
    return null;
  }
  return id && /^[\w-]{1,64}$/.test(id) ? id : null;
}

/** This browser's sessions, Gatehouse's and the provider's: what "sign out my other sessions" keeps. */
export async function thisBrowsersSessions(): Promise<{ sid: string | null; providerSession: string | null }> {
  return { sid: (await currentSession())?.sid ?? null, providerSession: await thisBrowsersProviderSession() };
}

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
  // While viewing as someone, it is the viewer whose session ends.
  const who = person.viewer ?? person;
  await recordAudit({
    action: "auth.sign_out",
    actor: who,
    target: who,
    ...(appName ? { after: { app: appName } } : {}),
  });
  await signOut({ redirect: false });
}
