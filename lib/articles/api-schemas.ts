import { z } from "zod";
import { BODY_MAX, TITLE_MAX } from "@/lib/articles/schemas";

// The REST API's shapes. Route handlers validate with these and lib/api/openapi.ts publishes the
// same objects as JSON Schema, so the documentation cannot drift from what the handlers accept.

const title = z.string().trim().min(1, "Give the article a title.").max(TITLE_MAX, `Keep the title under ${TITLE_MAX} characters.`);
const body = z.string().trim().min(1, "Write something in the body.").max(BODY_MAX, `Keep the body under ${BODY_MAX} characters.`);

export const articleJson = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.string(),
    author: z.object({ id: z.string(), name: z.string().nullable() }),
    createdAt: z.string().describe("ISO 8601, UTC"),
    updatedAt: z.string().describe("ISO 8601, UTC"),
    version: z.number().int().describe("Changes whenever the article changes; send it back in PATCH to avoid overwriting someone else's edit."),
  })
;

export const listArticlesQuery = z
  .object({
    limit: z.coerce.number().int().min(1, "limit must be at least 1.").max(100, "limit must be at most 100.").default(20),
    cursor: z.string().max(200).optional().describe("nextCursor from the previous page"),
  })
;

export const articleListJson = z
  .object({ data: z.array(articleJson), nextCursor: z.string().nullable().describe("null on the last page") })
;

export const createArticleBody = z.object({ title, body }).strict();

export const updateArticleBody = z
  .object({ title: title.optional(), body: body.optional(), version: z.number().int().optional() })
  .strict()
  .refine((value) => value.title !== undefined || value.body !== undefined, "Send a title, a body or both.")
;

export const apiErrorJson = z
  .object({
    error: z.string().describe("A stable, machine-readable code"),
    message: z.string().describe("What went wrong, for a person"),
    fields: z.record(z.string(), z.array(z.string())).optional().describe("Per-field messages, on 422"),
  })
;
