import { HttpError } from "@/lib/http/errors";
import { guardApiRoute } from "@/lib/auth/guards/api";
import { jsonResponse } from "@/lib/http/responses";
import { createArticleBody, listArticlesQuery } from "@/lib/articles/api-schemas";
import { createArticle } from "@/lib/articles/commands";
import { toArticleJson } from "@/lib/articles/json";
import { listArticlesPage } from "@/lib/articles/queries";
import { decodeCursor } from "@/lib/pagination/cursor";

export const GET = guardApiRoute({ capability: "read", query: listArticlesQuery }, async ({ query }) => {
  if (query.cursor && !decodeCursor(query.cursor))
    throw new HttpError("invalid_query", "cursor: use the nextCursor value from a previous page.");
  const { items, nextCursor } = await listArticlesPage(query.limit, { after: query.cursor });
  return jsonResponse(200, { data: items.map(toArticleJson), nextCursor: nextCursor ?? null });
});

export const POST = guardApiRoute({ capability: "create", body: createArticleBody }, async ({ body, token }) => {
  const article = await createArticle(token.owner, body, `token ${token.prefix}`);
  return jsonResponse(201, toArticleJson(article), { Location: `/api/v1/articles/${article.id}` });
});
