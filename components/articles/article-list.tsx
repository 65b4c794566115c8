import Link from "next/link";
import { authorName, excerptOf, type ArticleRow } from "@/lib/articles/queries";
import { buttonClasses } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { DeleteArticleButton } from "@/components/articles/delete-article-button";

/**
 * Articles, newest first, each opening its own page. Edit and delete controls are rendered only when
 * allowed: absent controls are absent from the HTML and from the RSC payload, not hidden with CSS.
 * `highlight` points out the article just published.
 */
export function ArticleList({
  articles,
  canEdit,
  canDelete,
  highlight,
}: {
  articles: ArticleRow[];
  canEdit: boolean;
  canDelete: boolean;
  highlight?: string;
}) {
  return (
    <div data-focus-region className="focus:outline-none">
      {articles.length === 0 ? <p className="text-sm muted">No articles yet.</p> : null}
      <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="article-list">
        {articles.map((article) => (
          <li
            key={article.id}
            className={`flex flex-col gap-2 py-4 sm:flex-row sm:items-start sm:justify-between ${article.id === highlight ? "-mx-3 rounded-lg bg-indigo-50 px-3 dark:bg-indigo-950" : ""}`}
            data-testid="article"
            data-new={article.id === highlight || undefined}
          >
            <div className="min-w-0 space-y-1">
              <h3 className="font-semibold break-words">
                <Link href={`/dashboard/articles/${article.id}`} className="hover:underline">
                  {article.title}
                </Link>
                {article.id === highlight ? (
                  <span className="ml-2 rounded-full bg-indigo-600 px-2 py-0.5 align-middle text-xs font-medium text-white">
                    New
                  </span>
                ) : null}
              </h3>
              <p className="line-clamp-2 text-sm break-words muted">{excerptOf(article.body)}</p>
              <p className="text-xs muted">
                {authorName(article.author)} · <RelativeTime date={article.createdAt} />
                {article.updatedBy && article.updatedBy.id !== article.author?.id ? (
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
    </div>
  );
}
