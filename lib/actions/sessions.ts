"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { summariseUserAgent } from "@/lib/audit/describe";
import { guardAction } from "@/lib/auth/guards/action";
import { currentSession } from "@/lib/auth/session/current-session";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { signOut } from "@/lib/auth/session/nextauth";
import { endOwnSessionSchema } from "@/lib/auth/session/schemas";
import { endOneSession } from "@/lib/auth/session/sessions";
import { endAccess } from "@/lib/auth/end-access";
import { endProviderSession, thisBrowsersSessions } from "@/lib/auth/oauth-server/sessions";
import { serializable } from "@/lib/db-transaction";

// Signing out ends this session for good: the signOut event in nextauth.ts records its id as ended,
// so a copy of the cookie is refused from the next request on.
export async function signOutAction(): Promise<void> {
  const person = await getCurrentPerson();
  // While viewing as someone it is the viewer who signs out (which ends the viewing with the session).
  const who = person?.viewer ?? person;
  if (who) await recordAudit({ action: "auth.sign_out", actor: who, target: who });
  await endProviderSession();
  await signOut({ redirectTo: "/signin?signedOut=1" });
}

/** Signs out one of the person's sessions, from the list in settings (this one signs out here). */
export const endOwnSessionAction = guardAction("read", endOwnSessionSchema, async ({ sid }, person) => {
  if (sid === (await currentSession())?.sid) {
    await recordAudit({ action: "auth.sign_out", actor: person, target: person });
    await endProviderSession();
    await signOut({ redirectTo: "/signin?signedOut=1" });
  }
  const ended = await endOneSession(person.id, sid);
  if (!ended) return { status: "error", message: "That session has already ended." };
  const where = summariseUserAgent(ended.userAgent) ?? "an unknown browser";
  await recordAudit({ action: "session.ended", actor: person, target: person, after: { count: 1, where } });
  revalidatePath("/settings/sessions");
  return { status: "success", message: `Signed out the session on ${where}.` };
});

export const endOtherSessionsAction = guardAction("read", z.object({}), async (_input, person) => {
  const keep = await thisBrowsersSessions();
  const { sessions: count } = await serializable((tx) => endAccess(tx, person.id, { apiAccess: false, keep }));
  if (count === 0) return { status: "success", message: "You are not signed in anywhere else." };
  await recordAudit({ action: "session.ended", actor: person, target: person, after: { count } });
  revalidatePath("/settings/sessions");
  return { status: "success", message: `Signed out ${count} other session${count === 1 ? "" : "s"}.` };
});
