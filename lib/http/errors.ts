import { ERROR_CODES, type ErrorCode } from "@/lib/http/error-codes";

/**
 * A failure the client caused or must handle (400–429), thrown anywhere below a route guard; the
 * guard turns it into `{ error, message }` with the code's status and `headers` (lib/http/responses.ts).
 */
export class HttpError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = ERROR_CODES[code];
  }
}
