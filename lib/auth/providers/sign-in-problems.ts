import { SIGN_IN_FAILED } from "@/lib/auth/credentials/schemas";

// What a person is told when a sign-in does not complete. Auth.js redirects with an error code;
// the real cause (InvalidCheck, an expired state...) is in the server log, never in the browser.
const MESSAGES: Record<string, string> = {
  CredentialsSignin: SIGN_IN_FAILED,
  Configuration:
    "Sign-in could not be completed: the answer from the provider could not be verified. This happens when sign-in was started in another tab or browser, took too long, was used twice, or was altered on the way. Start again.",
  OAuthCallbackError: "The provider did not complete the sign-in; it may have been cancelled. Start again.",
  OAuthSignInError: "Sign-in with the provider could not start. Try again in a moment.",
  OAuthAccountNotLinked:
    "That provider account is linked to a different Gatehouse account. Sign in the way you did before, then manage sign-in methods in Settings.",
  AccountNotLinked:
    "That provider account is linked to a different Gatehouse account. Sign in the way you did before, then manage sign-in methods in Settings.",
  AccessDenied: "Sign-in was refused.",
  MissingCSRF: "The sign-in form expired. Reload the page and try again.",
  UnknownProvider: "That sign-in provider is not available here.",
};

export const GENERIC_SIGN_IN_PROBLEM = "Sign-in did not complete. Please try again.";

export function signInProblemMessage(code: string | undefined): string {
  return (code && Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : undefined) ?? GENERIC_SIGN_IN_PROBLEM;
}
