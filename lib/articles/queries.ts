import { db } from "@/lib/db";
import { placeholder, queryRowsOf } from "@/lib/db-rows";
import { decodeCursor } from "@/lib/pagination/cursor";
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

/**
 * Newest first, keyset-paginated on (createdAt, id) like the admin people list. Hand-written SQL sent
 * straight to the driver adapter on purpose: the API's list is its busiest read, and Prisma builds it
 * as three queries (articles, authors, editors) where one join does (lib/db-rows.ts). The adapter
 * passes a Date parameter in the form the column stores.
 */
export async function listArticlesPage(limit: number, page: { after?: string; before?: string } = {}) {
  const { order, backwards } = keysetQuery(page);
  const cursor = decodeCursor(backwards ? page.before : page.after);
  // Built from constants only; every value is a parameter.
  const values: unknown[] = [];
  const param = (value: unknown) => placeholder(values.push(value));
  const [before, after] = order === "desc" ? ["<=", "<"] : [">=", ">"];
  // The same seek as keysetWhere: a range the (createdAt) index serves, then the tie on id.
  const seek = cursor
    ? `WHERE a."createdAt" ${before} ${param(cursor.createdAt)} ` +
      `AND (a."createdAt" ${after} ${param(cursor.createdAt)} OR a."id" ${after} ${param(cursor.id)})`
    : "";
  const direction = order === "desc" ? "DESC" : "ASC";
  const rows = await queryRowsOf<ArticleColumns>(
    `SELECT a."id", a."title", a."body", a."createdAt", a."updatedAt",
            au."id" AS "authorId", au."name" AS "authorName", au."email" AS "authorEmail",
            ed."id" AS "editorId", ed."name" AS "editorName", ed."email" AS "editorEmail"
     FROM "Article" a
     LEFT JOIN "User" au ON au."id" = a."authorId"
     LEFT JOIN "User" ed ON ed."id" = a."updatedById"
     ${seek}
     ORDER BY a."createdAt" ${direction}, a."id" ${direction}
     LIMIT ${param(limit + 1)}`,
    values,
  );
  return keysetPage(rows.map(articleFromColumns), limit, { backwards, cameFromCursor: Boolean(page.after) });
}

type ArticleColumns = Omit<ArticleRow, "author" | "updatedBy"> & {
  authorId: string | null;
  authorName: string | null;
  authorEmail: string | null;
  editorId: string | null;
  editorName: string | null;
  editorEmail: string | null;
};

function articleFromColumns(row: ArticleColumns): ArticleRow {
  const { authorId, authorName, authorEmail, editorId, editorName, editorEmail, ...article } = row;
  return {
    ...article,
    author: authorId ? { id: authorId, name: authorName, email: authorEmail ?? "" } : null,
    updatedBy: editorId ? { id: editorId, name: editorName, email: editorEmail ?? "" } : null,
  };
}

/**
 * The start of an article's text for a list, where two lines of it show: up to `length` characters,
 * cut at a space, with "…" when there was more. A list sends each entry's text twice (its HTML and
 * its React payload), so a whole body would cost every list its full length for two lines shown.
 */
export function excerptOf(body: string, length = 280): string {
  if (body.length <= length) return body;
  // Never half of a character outside the Basic Multilingual Plane (an emoji is two UTF-16 units).
  const end = /[\uD800-\uDBFF]/.test(body[length - 1]!) ? length - 1 : length;
  const cut = body.slice(0, end);
  const space = cut.search(/\s\S*$/);
  return `${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** How an article's author is named: their name, their email, or, once their account is gone, not at all. */
export function authorName(author: { name: string | null; email: string } | null): string {
  return author ? (author.name ?? author.email) : "a former member";
}
