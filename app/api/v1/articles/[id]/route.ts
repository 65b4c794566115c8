import { HttpError } from "@/lib/http/errors";
import { guardApiRoute } from "@/lib/auth/guards/api";
import { jsonResponse } from "@/lib/http/responses";
import { updateArticleBody } from "@/lib/articles/api-schemas";
import { deleteArticle, updateArticle } from "@/lib/articles/commands";
import { toArticleJson } from "@/lib/articles/json";
import { findArticle } from "@/lib/articles/queries";
import { articleIdSchema } from "@/lib/articles/schemas";

const notFound = () => new HttpError("not_found", "There is no article with that id.");
const notYours = (owner: { role: string }) =>
  new HttpError("forbidden", `Its owner's role (${owner.role}) allows this only for the articles they wrote.`);

function articleId(params: Record<string, string>): string {
  const parsed = articleIdSchema.safeParse(params.id);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

export const GET = guardApiRoute({ capability: "read" }, async ({ params }) => {
  const article = await findArticle(articleId(params));
  if (!article) throw notFound();
  return jsonResponse(200, toArticleJson(article));
});

export const PATCH = guardApiRoute(
  // Let in with the power over one's own articles (which "update" includes); the article decides the rest.
  { capability: "update-own", body: updateArticleBody },
  async ({ params, body, token }) => {
    const { version, ...changes } = body;
    const result = await updateArticle(token.owner, articleId(params), changes, version, `token ${token.prefix}`);
    if (result.outcome === "not_found") throw notFound();
    if (result.outcome === "not_yours") throw notYours(token.owner);
    if (result.outcome === "conflict") {
      throw new HttpError(
        "conflict",
        "The article changed since the version you sent. Fetch it again and reapply your change.",
      );
    }
    return jsonResponse(200, toArticleJson(result.article));
  },
);

export const DELETE = guardApiRoute({ capability: "delete-own" }, async ({ params, token }) => {
  const outcome = await deleteArticle(token.owner, articleId(params), `token ${token.prefix}`);
  if (outcome === "not_found") throw notFound();
  if (outcome === "not_yours") throw notYours(token.owner);
  return new Response(null, { status: 204 });
});
