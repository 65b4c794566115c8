import { recordAuditIn } from "@/lib/audit/record";
import { articleSelect, type ArticleRow } from "@/lib/articles/queries";
import { serializable } from "@/lib/db-transaction";
import { mayChangeArticle, type Subject } from "@/lib/auth/policy";

// Every change to an article, from a form or the REST API, with its audit entry in the same
// transaction: who created, changed or deleted which article, and the title before and after.

type Actor = { id: string; email: string };
/** Who changes an article, with their role: whether they may change this one is the policy's question. */
type Changer = Actor & NonNullable<Subject>;

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
  | { outcome: "updated"; article: ArticleRow }
  | { outcome: "not_found" }
  | { outcome: "conflict" }
  | { outcome: "not_yours" };

/**
 * Applies a change. With `version` (the updatedAt the client last saw, in ms), only if the article
 * has not changed since: the condition is part of the UPDATE, so two clients cannot both win. An
 * actor who may change only what they wrote gets "not_yours" for anyone else's.
 */
export function updateArticle(
  actor: Changer,
  id: string,
  changes: { title?: string; body?: string },
  version?: number,
  via?: string,
): Promise<UpdateOutcome> {
  return serializable(async (tx) => {
    const before = await tx.article.findUnique({
      where: { id },
      select: { id: true, title: true, body: true, updatedAt: true, authorId: true },
    });
    if (!before) return { outcome: "not_found" };
    if (!mayChangeArticle(actor, "update", before)) return { outcome: "not_yours" };
    const { count } = await tx.article.updateMany({
      where: version === undefined ? { id } : { id, updatedAt: new Date(version) },
      data: { ...changes, updatedById: actor.id },
    });
    if (count === 0) return { outcome: "conflict" };
    const article = (await tx.article.findUnique({ where: { id }, select: articleSelect }))!;
    await recordAuditIn(tx, {
      action: "article.updated",
      actor,
      before: summary({ id: before.id, title: before.title, body: before.body }),
      // Whether the text changed, not only its length (webhooks' article.updated says so).
      after: {
        ...summary(article),
        ...(before.body !== article.body ? { bodyChanged: true } : {}),
        ...(via ? { via } : {}),
      },
    });
    return { outcome: "updated", article };
  });
}

export type DeleteOutcome = "deleted" | "not_found" | "not_yours";

/** Deletes an article, if the actor may delete this one (anyone's, or only what they wrote). */
export function deleteArticle(actor: Changer, id: string, via?: string): Promise<DeleteOutcome> {
  return serializable(async (tx) => {
    const before = await tx.article.findUnique({
      where: { id },
      select: { id: true, title: true, body: true, authorId: true },
    });
    if (!before) return "not_found";
    if (!mayChangeArticle(actor, "delete", before)) return "not_yours";
    await tx.article.delete({ where: { id } });
    await recordAuditIn(tx, {
      action: "article.deleted",
      actor,
      before: summary({ id: before.id, title: before.title, body: before.body }),
      ...(via ? { after: { via } } : {}),
    });
    return "deleted";
  });
}
