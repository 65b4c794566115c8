import Link from "next/link";
import type { ArticleRow } from "@/lib/articles/queries";
import { formatDateTime } from "@/lib/format";
import { buttonClasses } from "@/components/ui/button";
import { DeleteArticleButton } from "@/components/articles/delete-article-button";

/**
 * Edit and delete controls are rendered only when allowed: absent controls are absent from the
 * HTML and from the RSC payload, not merely hidden with CSS.
 */
export function ArticleList({
  articles,
  canEdit,
  canDelete,
}: {
  articles: ArticleRow[];
  canEdit: boolean;
  canDelete: boolean;
}) {
  if (articles.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">No articles yet.</p>;
  }
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="article-list">
      {articles.map((article) => (
        <li
          key={article.id}
          className="flex flex-col gap-2 py-4 sm:flex-row sm:items-start sm:justify-between"
          data-testid="article"
        >
          <div className="min-w-0 space-y-1">
            <h3 className="font-semibold">{article.title}</h3>
            <p className="line-clamp-2 text-sm text-slate-600 dark:text-slate-400">{article.body}</p>
            <p className="text-xs text-slate-500">
              {article.author.name ?? article.author.email} · {formatDateTime(article.createdAt)}
              {article.updatedBy && article.updatedBy.id !== article.author.id ? (
                <span data-testid="edited-by"> · edited by {article.updatedBy.name ?? article.updatedBy.email}</span>
              ) : null}
            </p>
          </div>
          {canEdit || canDelete ? (
            <div className="flex shrink-0 items-center gap-2">
              {canEdit ? (
                <Link
                  href={`/editor/articles/${article.id}`}
                  className={buttonClasses("secondary")}
                  data-control="edit-article"
                >
                  Edit
                </Link>
              ) : null}
              {canDelete ? (
                <span data-control="delete-article">
                  <DeleteArticleButton id={article.id} title={article.title} />
                </span>
              ) : null}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
