"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { guardAction } from "@/lib/auth/guards/action";
import { createArticle, deleteArticle, updateArticle } from "@/lib/articles/commands";
import { createArticleSchema, deleteArticleSchema, updateArticleSchema } from "@/lib/articles/schemas";

export const createArticleAction = guardAction("create", createArticleSchema, async (input, person) => {
  const article = await createArticle(person, input);
  revalidatePath("/dashboard");
  redirect(`/dashboard?created=${article.id}`);
});

export const updateArticleAction = guardAction("update", updateArticleSchema, async ({ id, title, body }, person) => {
  const result = await updateArticle(person, id, { title, body });
  if (result.outcome !== "updated") {
    return {
      status: "error",
      message: "That article no longer exists; it may have been deleted.",
      values: { title, body },
    };
  }
  revalidatePath("/dashboard");
  redirect(`/dashboard/articles/${id}?updated=1`);
});

export const deleteArticleAction = guardAction("delete", deleteArticleSchema, async ({ id }, person) => {
  if (!(await deleteArticle(person, id))) return { status: "error", message: "That article was already deleted." };
  revalidatePath("/dashboard");
  return { status: "success", message: "Article deleted." };
});
