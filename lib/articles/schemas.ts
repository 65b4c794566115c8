import { z } from "zod";

export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;

export const articleIdSchema = z.string({ error: "Missing article id." }).min(1, "Missing article id.").max(64, "That article id is not valid.");

export const articleFieldsSchema = z.object({
  title: z
    .string({ error: "Give the article a title." })
    .trim()
    .min(1, "Give the article a title.")
    .max(TITLE_MAX, `Keep the title under ${TITLE_MAX} characters.`),
  body: z
    .string({ error: "Write something in the body." })
    .trim()
    .min(1, "Write something in the body.")
    .max(BODY_MAX, `Keep the body under ${BODY_MAX.toLocaleString("en")} characters.`),
});

export const createArticleSchema = articleFieldsSchema;
export const updateArticleSchema = articleFieldsSchema.extend({ id: articleIdSchema });
export const deleteArticleSchema = z.object({ id: articleIdSchema });
