import { ApiError } from "@/lib/api/errors";
import { apiRoute, reply } from "@/lib/api/handler";
import { createArticleBody, listArticlesQuery } from "@/lib/articles/api-schemas";
import { createArticle } from "@/lib/articles/commands";
import { toArticleJson } from "@/lib/articles/json";
import { listArticlesPage } from "@/lib/articles/queries";
import { decodeCursor, encodeCursor } from "@/lib/pagination/cursor";

export const GET = apiRoute({ capability: "read", query: listArticlesQuery }, async ({ query }) => {
  const cursor = decodeCursor(query.cursor);
  if (query.cursor && !cursor) throw new ApiError(400, "invalid_query", "cursor: use the nextCursor value from a previous page.");
  const { page, last } = await listArticlesPage(query.limit, cursor);
  return reply(200, { data: page.map(toArticleJson), nextCursor: last ? encodeCursor(last) : null });
});

export const POST = apiRoute({ capability: "create", body: createArticleBody }, async ({ body, token }) => {
  const article = await createArticle(token.owner, body, `token ${token.prefix}`);
  return reply(201, toArticleJson(article), { Location: `/api/v1/articles/${article.id}` });
});
