import { ApiError } from "@/lib/api/errors";
import { apiRoute, reply } from "@/lib/api/handler";
import { updateArticleBody } from "@/lib/articles/api-schemas";
import { findApiArticle, patchArticle, removeArticle, toArticleJson } from "@/lib/articles/queries";
import { articleIdSchema } from "@/lib/articles/schemas";

function articleId(params: Record<string, string>): string {
  const parsed = articleIdSchema.safeParse(params.id);
  if (!parsed.success) throw new ApiError(404, "not_found", "There is no article with that id.");
  return parsed.data;
}

const notFound = () => new ApiError(404, "not_found", "There is no article with that id.");

export const GET = apiRoute({ capability: "read" }, async ({ params }) => {
  const article = await findApiArticle(articleId(params));
  if (!article) throw notFound();
  return reply(200, toArticleJson(article));
});

export const PATCH = apiRoute({ capability: "update", body: updateArticleBody }, async ({ params, body }) => {
  const { version, ...changes } = body;
  const result = await patchArticle(articleId(params), changes, version);
  if (result.outcome === "not_found") throw notFound();
  if (result.outcome === "conflict") {
    throw new ApiError(409, "conflict", "The article changed since the version you sent. Fetch it again and reapply your change.");
  }
  return reply(200, toArticleJson(result.article!));
});

export const DELETE = apiRoute({ capability: "delete" }, async ({ params }) => {
  if (!(await removeArticle(articleId(params)))) throw notFound();
  return new Response(null, { status: 204 });
});
