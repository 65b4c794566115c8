import { z } from "zod";
import { idInput, textInput } from "@/lib/validation/text";

export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;

// One definition of an article's title and body, for the form and the REST API alike. A field that
// is missing gets the form's words; one of the wrong type (only the API can send that) says so.
export const articleTitle = textInput("The title cannot contain control characters.", {
  typeError: ({ input }: { input: unknown }) =>
    input === undefined ? "Give the article a title." : "title must be a string.",
  shownAsName: "The title cannot contain direction-changing characters.",
})
  .trim()
  .min(1, "Give the article a title.")
  .max(TITLE_MAX, `Keep the title under ${TITLE_MAX} characters.`);

export const articleBody = textInput("The body cannot contain control characters other than tabs and line breaks.", {
  multiline: true,
  typeError: ({ input }: { input: unknown }) =>
    input === undefined ? "Write something in the body." : "body must be a string.",
})
  .trim()
  .min(1, "Write something in the body.")
  .max(BODY_MAX, `Keep the body under ${BODY_MAX.toLocaleString("en")} characters.`);

export const articleIdSchema = idInput("Missing article id.", "That article id is not valid.");

export const createArticleSchema = z.object({ title: articleTitle, body: articleBody });
export const updateArticleSchema = createArticleSchema.extend({ id: articleIdSchema });
export const deleteArticleSchema = z.object({ id: articleIdSchema });
