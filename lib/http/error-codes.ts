// Every `error` code a client of Gatehouse can receive, each with its one HTTP status: the REST API,
// route handlers, the server-action guard, middleware and the Node server's own hooks all answer
// `{ "error": <code>, "message": … }` with a code from here, so a typo fails the type check. The
// OpenAPI document publishes the list (lib/api/openapi.ts). Edge-safe: middleware uses it.
export const ERROR_CODES = {
  /** Malformed: a token outside the Authorization header, a bad Authorization header, a bad form field. */
  invalid_request: 400,
  invalid_json: 400,
  invalid_query: 400,
  invalid_filters: 400,
  /** A page's POST that is no form Gatehouse sent, or cannot be read. */
  malformed_form: 400,
  /** A device polling the token endpoint faster than every 5 seconds (RFC 8628 §3.5). */
  slow_down: 400,
  unauthenticated: 401,
  invalid_token: 401,
  invalid_dpop_proof: 401,
  forbidden: 403,
  insufficient_scope: 403,
  email_unverified: 403,
  second_factor_required: 403,
  reauthentication_required: 403,
  cross_site_request: 403,
  /** A person denied an app access: sent to the app's redirect URI (RFC 6749 §4.1.2.1), not as JSON. */
  access_denied: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal_error: 500,
  database_unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as ErrorCode[];
