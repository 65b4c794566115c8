import { z } from "zod";

// Text that comes from outside (forms, query strings, JSON bodies, cursors) passes through these before
// it reaches a query. PostgreSQL refuses a NUL byte in text ("invalid byte sequence for encoding
// UTF8: 0x00"), so a NUL that got through would turn a client's mistake into a failed query; other
// control characters have no business in a name, an id or an email. Multi-line fields (an article
// body) keep tab and line breaks.
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f]/;
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// A name other people read where they decide or judge (an app on the consent page, a person in the
// admin panel, a token or a passkey in a list, an article's title) must read as it is stored: no
// characters that reorder or hide what follows them ("Trojan Source" bidirectional controls).
const DIRECTION_CHANGING = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

// Half of a UTF-16 surrogate pair alone (JSON's "\ud800") is no character at all: it cannot be
// stored as UTF-8, so the database would refuse it (a 500 for a client's mistake).
export function hasForbiddenCharacters(value: string, { multiline = false } = {}): boolean {
  return (multiline ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).test(value) || !value.isWellFormed();
}

/**
 * A string field that refuses control characters (NUL above all) with `message`. Chain the field's
 * own rules after it: `textInput("…").trim().min(1, "…").max(200, "…")`. `shownAsName` is the message
 * for a name that refuses direction-changing characters too.
 */
export function textInput(
  message: string,
  {
    multiline = false,
    typeError,
    shownAsName,
  }: {
    multiline?: boolean;
    typeError?: string | ((issue: { input: unknown }) => string);
    shownAsName?: string;
  } = {},
) {
  const text = z
    .string(typeError ? { error: typeError } : undefined)
    .refine((value) => !hasForbiddenCharacters(value, { multiline }), message);
  return shownAsName ? text.refine((value) => !DIRECTION_CHANGING.test(value), shownAsName) : text;
}

/**
 * An app's id from a form: "app_…", or the https URL an app known by its metadata document goes by
 * (lib/auth/oauth-server/metadata-documents.ts): printable, no spaces, at most 500 characters.
 */
export function appIdInput(missing: string, invalid: string) {
  return z
    .string({ error: missing })
    .min(1, missing)
    .max(500, invalid)
    .refine((value) => /^[\w-]{1,64}$/.test(value) || /^https:\/\/[\x21-\x7e]+$/.test(value), invalid);
}

/** An id from a form, a URL or a cursor: short, printable, no spaces. */
export function idInput(missing: string, invalid: string) {
  return z
    .string({ error: missing })
    .min(1, missing)
    .max(64, invalid)
    .regex(/^[\w-]+$/, invalid);
}
