"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { guardAction } from "@/lib/auth/guards/action";
import { createArticle, deleteArticle, updateArticle } from "@/lib/articles/commands";
import { createArticleSchema, deleteArticleSchema, updateArticleSchema } from "@/lib/articles/schemas";

const NOT_YOURS = "Your role allows this only for the articles you wrote.";

export const createArticleAction = guardAction("create", createArticleSchema, async (input, person) => {
  const article = await createArticle(person, input);
  revalidatePath("/dashboard");
  redirect(`/dashboard?created=${article.id}`);
});

/** Let in with the power over one's own articles (every editor holds it too); the article decides the rest. */
export const updateArticleAction = guardAction(
  "update-own",
  updateArticleSchema,
  async ({ id, title, body }, person) => {
    const result = await updateArticle(person, id, { title, body });
    if (result.outcome === "not_yours") return { status: "error", message: NOT_YOURS, values: { title, body } };
    if (result.outcome !== "updated") {
      return {
        status: "error",
        message: "That article no longer exists; it may have been deleted.",
        values: { title, body },
      };
    }
    revalidatePath("/dashboard");
    redirect(`/dashboard/articles/${id}?updated=1`);
  },
);

export const deleteArticleAction = guardAction("delete-own", deleteArticleSchema, async ({ id }, person) => {
  const outcome = await deleteArticle(person, id);
  if (outcome === "not_yours") return { status: "error", message: NOT_YOURS };
  if (outcome === "not_found") return { status: "error", message: "That article was already deleted." };
  revalidatePath("/dashboard");
  return { status: "success", message: "Article deleted." };
});
