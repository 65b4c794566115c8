"use client";

import { createContext, useContext, useRef, type InputHTMLAttributes } from "react";
import { NEW_PASSWORD_HINT, PASSWORD_MIN_LENGTH } from "@/lib/auth/credentials/limits";
import { idleFormState, type FormState } from "@/lib/forms/form-state";
import { Alert } from "@/components/ui/alert";
import { Copyable } from "@/components/ui/copyable";
import { ConfirmableFields, asksToConfirm, useConfirmableAction } from "@/components/ui/confirm-identity-fields";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";

// A form around one server action, composed by server pages: <ActionForm> runs the action and shows
// its answer above the fields; <FormField> inside it reads its errors and the values to keep from
// that answer. Field ids are prefixed with the form's id, so two forms can each have a "password".

const FormContext = createContext<{ id: string; state: FormState }>({ id: "form", state: idleFormState });

type Props = {
  id: string;
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  /** Hidden fields sent with the form. */
  fields?: Record<string, string>;
  submitLabel: string;
  pendingLabel: string;
  variant?: "primary" | "secondary" | "danger";
  children?: React.ReactNode;
};

export function ActionForm({ id, action, fields = {}, submitLabel, pendingLabel, variant, children }: Props) {
  const { state, formAction, submitted, remember } = useConfirmableAction(action);
  const form = useRef<HTMLFormElement>(null);
  useFocusOnError(form, state);
  return (
    <FormContext value={{ id, state }}>
      <form ref={form} action={formAction} onSubmit={remember} className="space-y-4" noValidate data-form={id}>
        {state.message && !asksToConfirm(state) ? (
          <Alert tone={state.status === "error" ? "error" : "success"}>{state.message}</Alert>
        ) : null}
        {state.status === "success" && state.secret ? (
          <Copyable value={state.secret} label="Secret, shown once" testId="shown-once-secret" />
        ) : null}
        <ConfirmableFields id={id} state={state} submitted={submitted}>
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {children}
        </ConfirmableFields>
        <SubmitButton pendingLabel={pendingLabel} variant={variant}>
          {submitLabel}
        </SubmitButton>
      </form>
    </FormContext>
  );
}

export function FormField({
  name,
  label,
  hint,
  defaultValue,
  ...input
}: { name: string; label: string; hint?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id">) {
  const { id, state } = useContext(FormContext);
  // After a success the fields start over (a changed name shows its new value from the page).
  const kept = state.status === "error" ? state.values?.[name] : undefined;
  return (
    <TextField
      key={`${name}-${state.status}-${state.message ?? ""}`}
      id={`${id}-${name}`}
      name={name}
      label={label}
      hint={hint}
      errors={state.fieldErrors?.[name]}
      defaultValue={kept ?? defaultValue}
      {...input}
    />
  );
}

/** A new password in an ActionForm, with the same rules and hint as sign-up. */
export function NewPasswordField({ label = "New password" }: { label?: string }) {
  return (
    <FormField
      name="password"
      label={label}
      type="password"
      autoComplete="new-password"
      required
      minLength={PASSWORD_MIN_LENGTH}
      hint={NEW_PASSWORD_HINT}
    />
  );
}

/** A checkbox in an ActionForm. */
export function FormCheckbox({
  name,
  value,
  label,
  defaultChecked,
}: {
  name: string;
  /** For a group of boxes under one name: each box's value (they arrive comma-joined). */
  value?: string;
  label: string;
  defaultChecked?: boolean;
}) {
  const { id } = useContext(FormContext);
  const inputId = value ? `${id}-${name}-${value}` : `${id}-${name}`;
  return (
    <label htmlFor={inputId} className="flex items-start gap-2 text-sm">
      <input
        id={inputId}
        type="checkbox"
        name={name}
        value={value}
        defaultChecked={defaultChecked}
        className="mt-0.5 size-4"
      />
      <span>{label}</span>
    </label>
  );
}

/** A group's errors (a set of checkboxes), from the form's last answer, announced with the group. */
export function FormGroupErrors({ name }: { name: string }) {
  const { id, state } = useContext(FormContext);
  const errors = state.fieldErrors?.[name];
  if (!errors?.length) return null;
  return (
    <p id={`${id}-${name}-errors`} role="alert" className="text-sm text-red-700 dark:text-red-400">
      {errors[0]}
    </p>
  );
}
