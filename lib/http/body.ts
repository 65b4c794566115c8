import { HttpError } from "@/lib/http/errors";

// Reading request bodies. Every body Gatehouse reads goes through readBodyCapped: a Content-Length
// check alone is not enough, because a chunked body has none, and reading "the whole body" of a
// 300 MB chunked POST would hold all of it in memory. Edge-safe (Web streams only).

export class BodyTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`The body is larger than ${formatBytes(limitBytes)}.`);
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}

/** The media type of the request, lower-cased and without parameters ("multipart/form-data"). */
export function mediaTypeOf(request: Request): string | undefined {
  return request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() || undefined;
}

/** Whether the declared Content-Length already says the body is too large. */
export function declaresMoreThan(request: Request, limitBytes: number): boolean {
  const declared = Number(request.headers.get("content-length") ?? "0");
  return Number.isFinite(declared) && declared > limitBytes;
}

/**
 * The body's bytes, reading at most `limitBytes` (+1 to know it is over) and then cancelling the
 * stream, so the client cannot make the server buffer more whatever it declares or omits.
 */
export async function readBodyCapped(request: Request, limitBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  if (declaresMoreThan(request, limitBytes)) throw new BodyTooLarge(limitBytes);
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array(new ArrayBuffer(0));
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge(limitBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export async function readTextCapped(request: Request, limitBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBodyCapped(request, limitBytes));
}

// JSON bodies (the REST API).

export const MAX_JSON_BYTES = 64 * 1024;
const MAX_DEPTH = 20;

function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_DEPTH || value === null || typeof value !== "object") return depth;
  let deepest = depth;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child, depth + 1));
  return deepest;
}

/** The request body as JSON: right media type, bounded size and depth, well-formed. */
export async function readJsonBody(request: Request): Promise<unknown> {
  if (mediaTypeOf(request) !== "application/json") {
    throw new HttpError("unsupported_media_type", 'Send the body as JSON with "Content-Type: application/json".');
  }
  let text: string;
  try {
    text = await readTextCapped(request, MAX_JSON_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) throw new HttpError("payload_too_large", error.message);
    throw error;
  }
  if (text.trim() === "") throw new HttpError("invalid_json", "The request body is empty; send a JSON object.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError("invalid_json", "The request body is not valid JSON.");
  }
  if (depthOf(parsed) > MAX_DEPTH)
    throw new HttpError("invalid_json", `The JSON is nested more than ${MAX_DEPTH} levels deep.`);
  if (parsed && typeof parsed === "object" && Object.hasOwn(parsed, "access_token")) {
    throw new HttpError("invalid_request", "Send the token in the Authorization header, not in the body.");
  }
  return parsed;
}
