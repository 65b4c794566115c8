"use client";

import { useEffect, useRef, useState } from "react";
import { Copyable } from "@/components/ui/copyable";

import type { FormState } from "@/lib/forms/form-state";
import { registerAppAction, updateAppAction } from "@/lib/actions/apps";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmableFields, asksToConfirm, useConfirmableAction } from "@/components/ui/confirm-identity-fields";
import { TextAreaField, TextField } from "@/components/ui/field";
import { ScopeCheckboxes } from "@/components/ui/scope-checkboxes";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";

/**
 * A new app's client id, and its secret shown once, with its message, until the person is done; for a
 * newly registered app, a command that runs the matching example against it.
 */
export function ShownOnce({
  state,
  label,
  onDone,
  example,
}: {
  state: FormState;
  label: string;
  onDone: () => void;
  example?: { command: string; note: string };
}) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => panel.current?.focus(), []);
  return (
    <div ref={panel} tabIndex={-1} className="space-y-3 focus:outline-none" data-testid="shown-once">
      <Alert tone="success">{state.message}</Alert>
      {state.createdId ? <Copyable value={state.createdId} label="Client id" testId="new-client-id" /> : null}
      {state.secret ? <Copyable value={state.secret} label={label} testId="client-secret" /> : null}
      {example ? (
        <div className="space-y-1">
          <p className="text-sm">{example.note}</p>
          <Copyable value={example.command} label="Example command" testId="example-command" />
        </div>
      ) : null}
      <Button type="button" variant="ghost" onClick={onDone}>
        Done
      </Button>
    </div>
  );
}

/** The examples in examples/, run against this Gatehouse with the app just registered. */
function exampleFor(state: FormState, origin: string) {
  if (!state.createdId) return undefined;
  return state.secret
    ? {
        note: "Try it with the example web app (it expects the redirect URI http://localhost:4000/callback):",
        command: `GATEHOUSE_URL=${origin} GATEHOUSE_CLIENT_ID=${state.createdId} GATEHOUSE_CLIENT_SECRET=${state.secret} node examples/web-app/server.mjs`,
      }
    : {
        note: "Try it with the example command-line tool (device flow):",
        command: `node examples/cli/sync-articles.mjs --client-id ${state.createdId} --gatehouse ${origin}`,
      };
}

/** `origin`: this Gatehouse's public address, for the example command. */
export function RegisterAppForm({ origin }: { origin: string }) {
  const [open, setOpen] = useState(false);
  const { state, formAction, submitted, remember } = useConfirmableAction(registerAppAction);
  const [doneWith, setDoneWith] = useState<FormState | null>(null);
  const form = useRef<HTMLFormElement>(null);
  useFocusOnError(form, state);

  if (state.status === "success" && doneWith !== state) {
    return (
      <ShownOnce
        state={state}
        label="Client secret"
        example={exampleFor(state, origin)}
        onDone={() => {
          setDoneWith(state);
          setOpen(false);
        }}
      />
    );
  }
  if (!open && state.status !== "error") {
    return <Button onClick={() => setOpen(true)}>Register an app</Button>;
  }
  return (
    <form ref={form} action={formAction} onSubmit={remember} className="space-y-5" noValidate>
      {state.status === "error" && state.message && !asksToConfirm(state) ? (
        <Alert tone="error">{state.message}</Alert>
      ) : null}
      <ConfirmableFields id="register-app" state={state} submitted={submitted}>
        <AppFields id="new-app" state={state} withKind />
      </ConfirmableFields>
      <div className="flex flex-wrap gap-3">
        <SubmitButton pendingLabel="Registering…">Register app</SubmitButton>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

type AppDefaults = {
  name: string;
  homepageUrl: string | null;
  privacyUrl: string | null;
  termsUrl: string | null;
  logoUrl: string | null;
  redirectUris: string;
  scopes: string;
  dpopBoundAccessTokens: boolean;
};

/** The fields an owner fills in for an app, when registering it and when changing it. */
function AppFields({
  id,
  state,
  app,
  withKind = false,
}: {
  id: string;
  state: FormState;
  app?: AppDefaults;
  withKind?: boolean;
}) {
  const errors = state.fieldErrors ?? {};
  const kept = (name: string, fallback: string) => state.values?.[name] ?? fallback;
  const chosen = new Set(kept("scopes", app?.scopes.split(" ").join(",") ?? "articles:read").split(","));
  const kind = kept("kind", "confidential");
  return (
    <>
      <TextField
        id={`${id}-name`}
        name="name"
        label="Name"
        placeholder="Article sync"
        required
        maxLength={100}
        defaultValue={kept("name", app?.name ?? "")}
        errors={errors.name}
        autoFocus
      />
      {(
        [
          ["homepageUrl", "Homepage (optional)", "https://app.example.com"],
          ["privacyUrl", "Privacy policy (optional)", "https://app.example.com/privacy"],
          ["termsUrl", "Terms of service (optional)", "https://app.example.com/terms"],
        ] as const
      ).map(([name, label, placeholder]) => (
        <TextField
          key={name}
          id={`${id}-${name}`}
          name={name}
          label={label}
          type="url"
          placeholder={placeholder}
          defaultValue={kept(name, app?.[name] ?? "")}
          errors={errors[name]}
        />
      ))}
      <TextField
        id={`${id}-logoUrl`}
        name="logoUrl"
        label="Logo (optional)"
        type="url"
        placeholder="https://app.example.com/logo.png"
        hint="An https address of a square image. People see it beside the app's name when they decide whether to give it access."
        defaultValue={kept("logoUrl", app?.logoUrl ?? "")}
        errors={errors.logoUrl}
      />
      <TextAreaField
        id={`${id}-redirectUris`}
        name="redirectUris"
        label="Redirect URIs"
        hint="One per line. People are sent back only to an address listed here exactly: https, http on localhost, or an app scheme."
        placeholder="https://app.example.com/callback"
        defaultValue={kept("redirectUris", app?.redirectUris.split(" ").join("\n") ?? "")}
        errors={errors.redirectUris}
        required
        rows={3}
      />
      {withKind ? (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Kind</legend>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="kind"
              value="confidential"
              defaultChecked={kind === "confidential"}
              className="mt-0.5 size-4"
            />
            <span>
              <strong>Web app with a server</strong> — keeps a client secret
            </span>
          </label>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="kind"
              value="public"
              defaultChecked={kind === "public"}
              className="mt-0.5 size-4"
            />
            <span>
              <strong>Single-page, mobile or command-line app</strong> — cannot keep a secret; uses PKCE
            </span>
          </label>
          {errors.kind ? <p className="text-sm text-red-700 dark:text-red-400">{errors.kind[0]}</p> : null}
        </fieldset>
      ) : null}
      <ScopeCheckboxes id={id} legend="Scopes it may ask people for" chosen={chosen} errors={errors.scopes} />
      <label htmlFor={`${id}-dpop`} className="flex items-start gap-2 text-sm">
        <input
          id={`${id}-dpop`}
          type="checkbox"
          name="dpopBoundAccessTokens"
          defaultChecked={
            state.values ? state.values.dpopBoundAccessTokens === "on" : (app?.dpopBoundAccessTokens ?? false)
          }
          className="mt-0.5 size-4"
        />
        <span>
          Require DPoP-bound tokens
          <span className="block text-xs muted">
            The app proves with its own key on every call that a token is its (RFC 9449): a copied token is useless.
            Your app must send DPoP proofs.
          </span>
        </span>
      </label>
    </>
  );
}

/** "Edit" on an app's card: its details, prefilled; saved changes bind on its next sign-in request. */
export function EditAppForm({ appId, app }: { appId: string; app: AppDefaults }) {
  const { state, formAction, submitted, remember } = useConfirmableAction(updateAppAction);
  // The answer the form was opened after: a newer success closes it.
  const [openedAfter, setOpenedAfter] = useState<FormState | null>(null);
  const form = useRef<HTMLFormElement>(null);
  useFocusOnError(form, state);
  const open = openedAfter !== null && !(state.status === "success" && state !== openedAfter);
  if (!open) {
    return (
      <div className="space-y-2">
        {state.status === "success" && openedAfter !== null ? <Alert tone="success">{state.message}</Alert> : null}
        <Button type="button" variant="secondary" onClick={() => setOpenedAfter(state)}>
          Edit
        </Button>
      </div>
    );
  }
  return (
    <form ref={form} action={formAction} onSubmit={remember} className="space-y-5" noValidate>
      {state.status === "error" && state.message && !asksToConfirm(state) ? (
        <Alert tone="error">{state.message}</Alert>
      ) : null}
      <ConfirmableFields id={`edit-${appId}`} state={state} submitted={submitted}>
        <input type="hidden" name="appId" value={appId} />
        <AppFields id={`edit-${appId}`} state={state} app={app} />
      </ConfirmableFields>
      <div className="flex flex-wrap gap-3">
        <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
        <Button type="button" variant="ghost" onClick={() => setOpenedAfter(null)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
