import type { NextRequest } from "next/server";
import { ApiError } from "@/lib/api/errors";

export const MAX_JSON_BYTES = 64 * 1024;
const MAX_DEPTH = 20;

function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_DEPTH || value === null || typeof value !== "object") return depth;
  let deepest = depth;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child, depth + 1));
  return deepest;
}

/** The request body as JSON: right media type, bounded size and depth, well-formed. */
export async function readJsonBody(request: NextRequest): Promise<unknown> {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError(415, "unsupported_media_type", 'Send the body as JSON with "Content-Type: application/json".');
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_JSON_BYTES) throw new ApiError(413, "payload_too_large", `The body is larger than ${MAX_JSON_BYTES / 1024} KB.`);

  // Read at most MAX_JSON_BYTES even when Content-Length is missing or lies.
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_JSON_BYTES) {
        await reader.cancel();
        throw new ApiError(413, "payload_too_large", `The body is larger than ${MAX_JSON_BYTES / 1024} KB.`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw new ApiError(400, "invalid_json", "The request body is empty; send a JSON object.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The request body is not valid JSON.");
  }
  if (depthOf(parsed) > MAX_DEPTH) throw new ApiError(400, "invalid_json", `The JSON is nested more than ${MAX_DEPTH} levels deep.`);
  if (parsed && typeof parsed === "object" && "access_token" in parsed) {
    throw new ApiError(400, "invalid_request", "Send the token in the Authorization header, not in the body.");
  }
  return parsed;
}
