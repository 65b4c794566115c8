import { ERROR_CODE_NAMES } from "@/lib/http/error-codes";
import { z } from "zod";
import { articleBody, articleIdSchema, articleTitle } from "@/lib/articles/schemas";
import { isStorableTime } from "@/lib/validation/dates";

// The REST API's shapes. Route handlers validate with these and lib/api/openapi.ts publishes the
// same objects as JSON Schema, so the documentation cannot drift from what the handlers accept.

// Every message a client can get is written here, never zod's own ("Invalid input: expected string").
const objectErrors = (fields: string) => (issue: z.core.$ZodRawIssue) =>
  issue.code === "unrecognized_keys"
    ? `Unknown field${issue.keys.length === 1 ? "" : "s"}: ${issue.keys.join(", ")}. Send only ${fields}.`
    : issue.code === "invalid_type"
      ? "Send a JSON object."
      : undefined;

export const articleJson = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  author: z.object({ id: z.string(), name: z.string().nullable() }),
  updatedBy: z
    .object({ id: z.string(), name: z.string().nullable() })
    .nullable()
    .describe("Who changed the article last; null if nobody has since it was created"),
  createdAt: z.string().describe("ISO 8601, UTC"),
  updatedAt: z.string().describe("ISO 8601, UTC"),
  version: z
    .number()
    .int()
    .describe("Changes whenever the article changes; send it back in PATCH to avoid overwriting someone else's edit."),
});

export const listArticlesQuery = z.object({
  limit: z.coerce
    .number({ error: "limit must be a whole number from 1 to 100." })
    .int("limit must be a whole number from 1 to 100.")
    .min(1, "limit must be at least 1.")
    .max(100, "limit must be at most 100.")
    .default(20),
  cursor: z
    .string({ error: "cursor must be the nextCursor of a previous page." })
    .max(200, "cursor must be the nextCursor of a previous page.")
    .optional()
    .describe("nextCursor from the previous page"),
});

export const articleListJson = z.object({
  data: z.array(articleJson),
  nextCursor: z.string().nullable().describe("null on the last page"),
});

export const createArticleBody = z.strictObject(
  { title: articleTitle, body: articleBody },
  { error: objectErrors("title and body") },
);

const articleChanges = {
  title: articleTitle.optional(),
  body: articleBody.optional(),
  version: z
    .number({ error: "version must be a whole number." })
    .int("version must be a whole number.")
    .refine(isStorableTime, "version must be the version of the article you fetched.")
    .optional(),
};
const changesSomething = (value: { title?: string; body?: string }) =>
  value.title !== undefined || value.body !== undefined;

export const updateArticleBody = z
  .strictObject(articleChanges, { error: objectErrors("title, body and version") })
  .refine(changesSomething, "Send a title, a body or both.");

// The MCP server's tools take the same fields, with the article's id inside the input (lib/mcp/tools.ts).
export const articleIdInput = z.strictObject({ id: articleIdSchema }, { error: objectErrors("id") });
export const updateArticleInput = z
  .strictObject({ id: articleIdSchema, ...articleChanges }, { error: objectErrors("id, title, body and version") })
  .refine(changesSomething, "Send a title, a body or both.");
export const listArticlesInput = z.strictObject(listArticlesQuery.shape, { error: objectErrors("limit and cursor") });

export const apiErrorJson = z.object({
  error: z.enum(ERROR_CODE_NAMES).describe("A stable, machine-readable code (one list for all of Gatehouse)"),
  message: z.string().describe("What went wrong, for a person"),
  fields: z.record(z.string(), z.array(z.string())).optional().describe("Per-field messages, on 422"),
});
