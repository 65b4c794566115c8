import { recordAuditIn } from "@/lib/audit/record";
import { articleSelect, type ArticleRow } from "@/lib/articles/queries";
import { serializable } from "@/lib/db-transaction";

// Every change to an article, from a form or the REST API, with its audit entry in the same
// transaction: who created, changed or deleted which article, and the title before and after.

type Actor = { id: string; email: string };

function summary(article: { id: string; title: string; body?: string }) {
  return {
    article: article.id,
    title: article.title,
    ...(article.body !== undefined ? { bodyLength: article.body.length } : {}),
  };
}

export function createArticle(
  actor: Actor,
  fields: { title: string; body: string },
  via?: string,
): Promise<ArticleRow> {
  return serializable(async (tx) => {
    const article = await tx.article.create({ data: { ...fields, authorId: actor.id }, select: articleSelect });
    await recordAuditIn(tx, {
      action: "article.created",
      actor,
      after: { ...summary(article), ...(via ? { via } : {}) },
    });
    return article;
  });
}

export type UpdateOutcome =
  { outcome: "updated"; article: ArticleRow } | { outcome: "not_found" } | { outcome: "conflict" };

/**
 * Applies a change. With `version` (the updatedAt the client last saw, in ms), only if the article
 * has not changed since: the condition is part of the UPDATE, so two clients cannot both win.
 */
export function updateArticle(
  actor: Actor,
  id: string,
  changes: { title?: string; body?: string },
  version?: number,
  via?: string,
): Promise<UpdateOutcome> {
  return serializable(async (tx) => {
    const before = await tx.article.findUnique({
      where: { id },
      select: { id: true, title: true, body: true, updatedAt: true },
    });
    if (!before) return { outcome: "not_found" };
    const { count } = await tx.article.updateMany({
      where: version === undefined ? { id } : { id, updatedAt: new Date(version) },
      data: { ...changes, updatedById: actor.id },
    });
    if (count === 0) return { outcome: "conflict" };
    const article = (await tx.article.findUnique({ where: { id }, select: articleSelect }))!;
    await recordAuditIn(tx, {
      action: "article.updated",
      actor,
      before: summary(before),
      after: { ...summary(article), ...(via ? { via } : {}) },
    });
    return { outcome: "updated", article };
  });
}

/** False when the article no longer exists. */
export function deleteArticle(actor: Actor, id: string, via?: string): Promise<boolean> {
  return serializable(async (tx) => {
    const before = await tx.article.findUnique({ where: { id }, select: { id: true, title: true, body: true } });
    if (!before) return false;
    await tx.article.delete({ where: { id } });
    await recordAuditIn(tx, {
      action: "article.deleted",
      actor,
      before: summary(before),
      ...(via ? { after: { via } } : {}),
    });
    return true;
  });
}
