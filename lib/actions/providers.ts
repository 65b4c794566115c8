"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { guardAction } from "@/lib/auth/guards/action";
import { unlinkProvider } from "@/lib/auth/providers/queries";
import { providerSchema, providerSignInSchema } from "@/lib/auth/providers/schemas";
import { signIn } from "@/lib/auth/session/nextauth";
import { configuredOAuthProviders, isConfiguredProvider, providerName } from "@/lib/auth/edge/providers";
import { formValues, type FormState } from "@/lib/forms/form-state";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { READ_ONLY_WHILE_VIEWING_AS } from "@/lib/auth/policy";

const NOT_CONFIGURED = "That sign-in provider is not available here.";

/**
 * Starts an external sign-in: Auth.js sets the state, PKCE and nonce cookies and this redirects
 * the browser to the provider. Public, like the sign-in form it sits on.
 */
export async function signInWithProviderAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = providerSignInSchema.safeParse(formValues(formData));
  if (!parsed.success || !isConfiguredProvider(parsed.data.provider))
    return { status: "error", message: NOT_CONFIGURED };
  // Signed in and viewing as someone ("View as"): nothing starts from here until the viewing stops.
  if ((await getCurrentPerson())?.viewer) return { status: "error", message: READ_ONLY_WHILE_VIEWING_AS };
  await signIn(parsed.data.provider, { redirectTo: parsed.data.callbackUrl });
  return { status: "success" };
}

/** Links another provider to the signed-in person: the same flow, which Auth.js finishes as a link. */
export const linkProviderAction = guardAction("read", providerSchema, async ({ provider }) => {
  if (!isConfiguredProvider(provider)) return { status: "error", message: NOT_CONFIGURED };
  await signIn(provider, { redirectTo: `/settings/accounts?linked=${provider}` });
  return { status: "success" };
});

export const unlinkProviderAction = guardAction("read", providerSchema, async ({ provider }, person) => {
  const name = providerName(provider, configuredOAuthProviders);
  const outcome = await unlinkProvider(person, provider);
  if (outcome === "not-linked") return { status: "error", message: `${name} is not linked to your account.` };
  if (outcome === "last-method") {
    return {
      status: "error",
      message: `${name} is your only way to sign in, so it cannot be unlinked. Link another provider first.`,
    };
  }
  // The row the button sat in changes shape, so the result is announced by the page itself.
  revalidatePath("/settings/accounts");
  redirect(`/settings/accounts?unlinked=${encodeURIComponent(provider)}`);
});
