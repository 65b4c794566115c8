import type { NextRequest } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { BodyTooLarge, mediaTypeOf, readTextCapped } from "@/lib/http/body";

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
  if (mediaTypeOf(request) !== "application/json") {
    throw new ApiError(415, "unsupported_media_type", 'Send the body as JSON with "Content-Type: application/json".');
  }
  let text: string;
  try {
    text = await readTextCapped(request, MAX_JSON_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) throw new ApiError(413, "payload_too_large", error.message);
    throw error;
  }
  if (text.trim() === "") throw new ApiError(400, "invalid_json", "The request body is empty; send a JSON object.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The request body is not valid JSON.");
  }
  if (depthOf(parsed) > MAX_DEPTH) throw new ApiError(400, "invalid_json", `The JSON is nested more than ${MAX_DEPTH} levels deep.`);
  if (parsed && typeof parsed === "object" && Object.hasOwn(parsed, "access_token")) {
    throw new ApiError(400, "invalid_request", "Send the token in the Authorization header, not in the body.");
  }
  return parsed;
}
