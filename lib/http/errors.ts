/**
 * A failure the client caused or must handle (400–429), thrown anywhere below a route guard; the
 * guard turns it into `{ error, message }` with `status` and `headers` (lib/http/responses.ts).
 */
export class HttpError extends Error {
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
