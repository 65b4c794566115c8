/** An API failure a client caused or must handle; apiRoute turns it into `{ error, message }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const REALM = 'Bearer realm="gatehouse"';

/** RFC 6750 §3: the challenge, with an error code when the request carried a token or a malformed one. */
export function bearerChallenge(error?: "invalid_request" | "invalid_token" | "insufficient_scope", description?: string, scope?: string): string {
  const parts = [REALM];
  if (error) parts.push(`error="${error}"`);
  if (description) parts.push(`error_description="${description.replaceAll('"', "'")}"`);
  if (scope) parts.push(`scope="${scope}"`);
  return parts.join(", ");
}
