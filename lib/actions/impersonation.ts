"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { guardAction } from "@/lib/auth/guards/action";
import { sessionToken } from "@/lib/auth/session/current-session";
import { endViewing, startViewing } from "@/lib/impersonation/commands";
import { idInput, textInput } from "@/lib/validation/text";

// "View as": starting it is a dangerous action (a recent authentication, a reason); stopping it is
// the one action that runs while it lasts.

const startViewingSchema = z.object({
  personId: idInput("Missing person id.", "That person id is not valid."),
  reason: textInput("The reason cannot contain control characters.")
    .trim()
    .min(10, "Say why, in a few words: the person viewed is told, and the audit log keeps it.")
    .max(300, "Keep the reason to 300 characters."),
});

export const startViewingAction = guardAction(
  "impersonate",
  startViewingSchema,
  async ({ personId, reason }, actor) => {
    const sid = (await sessionToken())?.sid;
    if (typeof sid !== "string") return { status: "error", message: "Your session has ended. Sign in again." };
    const started = await startViewing(actor, sid, personId, reason);
    if (!started.ok) return { status: "error", message: started.message, values: { reason } };
    // Everything is rendered again as the person viewed, the header (in the root layout) too.
    revalidatePath("/", "layout");
    redirect("/dashboard");
  },
  { freshAuthentication: true },
);

export const stopViewingAction = guardAction(
  null,
  z.object({}),
  async (_input, person) => {
    if (person.viewer) await endViewing(person.viewer.viewing, person.viewer, "stopped");
    revalidatePath("/", "layout");
    redirect(person.viewer ? `/admin/users/${person.id}` : "/dashboard");
  },
  { whileViewingAs: true },
);
