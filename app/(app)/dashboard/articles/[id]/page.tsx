import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { authorName, findArticle } from "@/lib/articles/queries";
import { articleIdSchema } from "@/lib/articles/schemas";
import { guardPage } from "@/lib/auth/guards/page";
import { mayChangeArticle } from "@/lib/auth/policy";
import { rolesWith } from "@/lib/roles/queries";
import { ArticleBody } from "@/components/articles/article-body";
import { DeleteArticleButton } from "@/components/articles/delete-article-button";
import { buttonClasses } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { FlashToast } from "@/components/ui/toaster";

export const metadata: Metadata = { title: "Article" };

export default async function ArticlePage({ params, searchParams }: PageProps<"/dashboard/articles/[id]">) {
  const { id } = await params;
  const person = await guardPage(`/dashboard/articles/${id}`);
  const parsedId = articleIdSchema.safeParse(id);
  const article = parsedId.success ? await findArticle(parsedId.data) : null;
  if (!article) notFound();
  const search = await searchParams;
  const editedBy = article.updatedBy && article.updatedBy.id !== article.author?.id ? article.updatedBy : null;
  const written = { authorId: article.author?.id ?? null };
  const mayEdit = mayChangeArticle(person, "update", written);
  const mayDelete = mayChangeArticle(person, "delete", written);
  const editors = await rolesWith("update");

  return (
    <article className="mx-auto max-w-3xl space-y-6">
      {search.updated === "1" ? <FlashToast message="Article saved." clearParams={["updated"]} /> : null}
      <Link href="/dashboard" className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300">
        ← All articles
      </Link>
      <header className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight break-words">{article.title}</h1>
        <p className="text-sm muted" data-testid="article-byline">
          By {authorName(article.author)} · published <RelativeTime date={article.createdAt} />
          {article.updatedBy ? (
            <>
              {" · "}edited <RelativeTime date={article.updatedAt} />
              {editedBy ? <span data-testid="edited-by"> by {editedBy.name ?? editedBy.email}</span> : null}
            </>
          ) : null}
        </p>
      </header>
      {mayEdit || mayDelete ? (
        <div className="flex flex-wrap gap-2" data-testid="article-controls">
          {mayEdit ? (
            <Link
              href={`/editor/articles/${article.id}`}
              className={buttonClasses("secondary")}
              data-control="edit-article"
            >
              Edit
            </Link>
          ) : null}
          {mayDelete ? (
            <span data-control="delete-article">
              <DeleteArticleButton id={article.id} title={article.title} backToList />
            </span>
          ) : null}
        </div>
      ) : null}
      <ArticleBody body={article.body} />
      <p
        className="border-t border-slate-200 pt-4 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400"
        data-testid="who-can-edit"
      >
        Who can edit it:{" "}
        {article.author
          ? `its author, ${authorName(article.author)}, while their role lets them edit what they wrote, and `
          : ""}
        anyone whose role edits anyone&apos;s articles ({editors.join(", ")}).
      </p>
    </article>
  );
}
