"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { authorizedAction } from "@/lib/actions/authorized-action";
import { insertArticle, removeArticle, updateArticleFields } from "@/lib/articles/queries";
import { createArticleSchema, deleteArticleSchema, updateArticleSchema } from "@/lib/articles/schemas";

export const createArticleAction = authorizedAction("create", createArticleSchema, async (input, user) => {
  await insertArticle({ title: input.title, body: input.body, authorId: user.id });
  revalidatePath("/dashboard");
  redirect("/dashboard?created=1");
});

export const updateArticleAction = authorizedAction("update", updateArticleSchema, async ({ id, title, body }) => {
  if (!(await updateArticleFields(id, { title, body }))) {
    return { status: "error", message: "That article no longer exists; it may have been deleted.", values: { title, body } };
  }
  revalidatePath("/dashboard");
  redirect("/dashboard?updated=1");
});

export const deleteArticleAction = authorizedAction("delete", deleteArticleSchema, async ({ id }) => {
  if (!(await removeArticle(id))) return { status: "error", message: "That article was already deleted." };
  revalidatePath("/dashboard");
  return { status: "success", message: "Article deleted." };
});
