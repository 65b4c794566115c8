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
