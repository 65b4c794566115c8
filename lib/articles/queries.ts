import { db } from "@/lib/db";
import { keysetPage, keysetQuery } from "@/lib/pagination/keyset";

// Reads of the Article table. Changes go through lib/articles/commands.ts, which records each one in
// the audit log in the same transaction.

const personRef = { select: { id: true, name: true, email: true } } as const;
export const articleSelect = {
  id: true,
  title: true,
  body: true,
  createdAt: true,
  updatedAt: true,
  author: personRef,
  updatedBy: personRef,
} as const;

export type ArticleRow = {
  id: string;
  title: string;
  body: string;
  createdAt: Date;
  updatedAt: Date;
  /** Null once the author's account was deleted. */
  author: { id: string; name: string | null; email: string } | null;
  updatedBy: { id: string; name: string | null; email: string } | null;
};

export function findArticle(id: string): Promise<ArticleRow | null> {
  return db.article.findUnique({ where: { id }, select: articleSelect });
}

/** Newest first, keyset-paginated on (createdAt, id) like the admin people list. */
export async function listArticlesPage(limit: number, page: { after?: string; before?: string } = {}) {
  const { where, order, backwards } = keysetQuery(page);
  const rows = await db.article.findMany({
    where,
    orderBy: [{ createdAt: order }, { id: order }],
    take: limit + 1,
    select: articleSelect,
  });
  return keysetPage(rows, limit, { backwards, cameFromCursor: Boolean(page.after) });
}

/** How an article's author is named: their name, their email, or, once their account is gone, not at all. */
export function authorName(author: { name: string | null; email: string } | null): string {
  return author ? (author.name ?? author.email) : "a former member";
}
