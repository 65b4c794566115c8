import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { updateArticleAction } from "@/lib/actions/articles";
import { findArticle } from "@/lib/articles/queries";
import { articleIdSchema } from "@/lib/articles/schemas";
import { guardPage } from "@/lib/auth/guards/page";
import { mayChangeArticle } from "@/lib/auth/policy";
import { Card } from "@/components/ui/card";
import { ArticleForm } from "@/components/articles/article-form";

export const metadata: Metadata = { title: "Edit article" };

export default async function EditArticlePage({ params }: PageProps<"/editor/articles/[id]">) {
  const { id } = await params;
  const person = await guardPage(`/editor/articles/${id}`);
  const parsedId = articleIdSchema.safeParse(id);
  const article = parsedId.success ? await findArticle(parsedId.data) : null;
  if (!article) notFound();
  // Let in by "update-own" too: whose article it is decides.
  if (!mayChangeArticle(person, "update", { authorId: article.author?.id ?? null })) forbidden();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">Edit article</h1>
      <Card>
        <ArticleForm action={updateArticleAction} article={article} submitLabel="Save changes" pendingLabel="Saving…" />
      </Card>
    </div>
  );
}
