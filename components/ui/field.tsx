import type { InputHTMLAttributes, TextareaHTMLAttributes } from "react";

type FieldProps = {
  name: string;
  /** The element id, when two forms on one page have a field of the same name. */
  id?: string;
  label: string;
  errors?: string[];
  hint?: string;
};

function FieldFrame({ id, label, errors, hint, children }: FieldProps & { id: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      {hint && !errors?.length ? (
        <p id={`${id}-hint`} className="text-xs muted">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm text-red-600 dark:text-red-400">
          {errors[0]}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, errors?: string[], hint?: string) {
  if (errors?.length) return `${id}-error`;
  return hint ? `${id}-hint` : undefined;
}

export function TextField({
  name,
  id = name,
  label,
  errors,
  hint,
  ...input
}: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldFrame name={name} id={id} label={label} errors={errors} hint={hint}>
      <input
        id={id}
        name={name}
        className="control"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, errors, hint)}
        {...input}
      />
    </FieldFrame>
  );
}

export function TextAreaField({
  name,
  id = name,
  label,
  errors,
  hint,
  ...textarea
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldFrame name={name} id={id} label={label} errors={errors} hint={hint}>
      <textarea
        id={id}
        name={name}
        className="control min-h-48"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, errors, hint)}
        {...textarea}
      />
    </FieldFrame>
  );
}
