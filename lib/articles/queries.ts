import { db } from "@/lib/db";

const articleSelect = {
  id: true,
  title: true,
  body: true,
  createdAt: true,
  updatedAt: true,
  author: { select: { id: true, name: true, email: true } },
} as const;

export function listArticles(limit = 50) {
  return db.article.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit, select: articleSelect });
}

export type ArticleSummary = Awaited<ReturnType<typeof listArticles>>[number];

export function findArticle(id: string) {
  return db.article.findUnique({ where: { id }, select: articleSelect });
}

export function insertArticle(data: { title: string; body: string; authorId: string }) {
  return db.article.create({ data, select: { id: true } });
}

/** False when the article no longer exists. */
export async function updateArticleFields(id: string, data: { title: string; body: string }): Promise<boolean> {
  const { count } = await db.article.updateMany({ where: { id }, data });
  return count === 1;
}

/** False when the article no longer exists. */
export async function removeArticle(id: string): Promise<boolean> {
  const { count } = await db.article.deleteMany({ where: { id } });
  return count === 1;
}

const apiArticleSelect = { ...articleSelect, author: { select: { id: true, name: true } } } as const;

type ApiArticleRow = { id: string; title: string; body: string; createdAt: Date; updatedAt: Date; author: { id: string; name: string | null } };

export function toArticleJson(row: ApiArticleRow) {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    author: row.author,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.updatedAt.getTime(),
  };
}

/** Newest first, keyset-paginated on (createdAt, id) like the admin people list. */
export async function listArticlesPage(limit: number, cursor?: { createdAt: Date; id: string }) {
  const rows = await db.article.findMany({
    where: cursor ? { createdAt: { lte: cursor.createdAt }, OR: [{ createdAt: { lt: cursor.createdAt } }, { id: { lt: cursor.id } }] } : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: apiArticleSelect,
  });
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  return { page, last: hasMore ? page.at(-1) : undefined };
}

export function findApiArticle(id: string) {
  return db.article.findUnique({ where: { id }, select: apiArticleSelect });
}

export async function insertApiArticle(data: { title: string; body: string; authorId: string }) {
  return db.article.create({ data, select: apiArticleSelect });
}

/**
 * Applies a partial update. With `version`, only if the article has not changed since that version:
 * the condition is part of the UPDATE, so two clients cannot both win.
 */
export async function patchArticle(id: string, changes: { title?: string; body?: string }, version?: number) {
  const where = version === undefined ? { id } : { id, updatedAt: new Date(version) };
  const { count } = await db.article.updateMany({ where, data: changes });
  if (count === 1) return { outcome: "updated" as const, article: await findApiArticle(id) };
  return { outcome: (await db.article.count({ where: { id } })) ? ("conflict" as const) : ("not_found" as const) };
}
