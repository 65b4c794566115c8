"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { authorizedAction } from "@/lib/actions/authorized-action";
import { createArticle, deleteArticle, updateArticle } from "@/lib/articles/commands";
import { createArticleSchema, deleteArticleSchema, updateArticleSchema } from "@/lib/articles/schemas";

export const createArticleAction = authorizedAction("create", createArticleSchema, async (input, user) => {
  await createArticle(user, input);
  revalidatePath("/dashboard");
  redirect("/dashboard?created=1");
});

export const updateArticleAction = authorizedAction("update", updateArticleSchema, async ({ id, title, body }, user) => {
  const result = await updateArticle(user, id, { title, body });
  if (result.outcome !== "updated") {
    return { status: "error", message: "That article no longer exists; it may have been deleted.", values: { title, body } };
  }
  revalidatePath("/dashboard");
  redirect("/dashboard?updated=1");
});

export const deleteArticleAction = authorizedAction("delete", deleteArticleSchema, async ({ id }, user) => {
  if (!(await deleteArticle(user, id))) return { status: "error", message: "That article was already deleted." };
  revalidatePath("/dashboard");
  return { status: "success", message: "Article deleted." };
});
