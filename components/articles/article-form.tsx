"use client";

import Link from "next/link";
import { useActionState, useRef } from "react";
import { idleFormState, type FormState } from "@/lib/forms/form-state";
import { Alert } from "@/components/ui/alert";
import { useFocusOnError } from "@/components/ui/use-focus-on-error";
import { buttonClasses } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

type Props = {
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  article?: { id: string; title: string; body: string };
  submitLabel: string;
  pendingLabel: string;
};

export function ArticleForm({ action, article, submitLabel, pendingLabel }: Props) {
  const [state, formAction] = useActionState(action, idleFormState);
  const form = useRef<HTMLFormElement>(null);
  useFocusOnError(form, state);
  const errors = state.fieldErrors ?? {};
  return (
    <form ref={form} action={formAction} className="space-y-5" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      {article ? <input type="hidden" name="id" value={article.id} /> : null}
      <TextField
        name="title"
        label="Title"
        required
        maxLength={200}
        defaultValue={state.values?.title ?? article?.title ?? ""}
        errors={errors.title}
      />
      <TextAreaField
        name="body"
        label="Body"
        required
        defaultValue={state.values?.body ?? article?.body ?? ""}
        errors={errors.body}
      />
      <div className="flex items-center gap-3">
        <SubmitButton pendingLabel={pendingLabel}>{submitLabel}</SubmitButton>
        <Link href="/dashboard" className={buttonClasses("ghost")}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
