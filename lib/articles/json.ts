import type { ArticleRow } from "@/lib/articles/queries";

/** An article as the REST API shows it (lib/articles/api-schemas.ts describes this shape). */
export function toArticleJson(row: ArticleRow) {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    author: row.author ? { id: row.author.id, name: row.author.name } : null,
    updatedBy: row.updatedBy ? { id: row.updatedBy.id, name: row.updatedBy.name } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.updatedAt.getTime(),
  };
}
