import type { Metadata } from "next";
import { createArticleAction } from "@/lib/actions/articles";
import { guardPage } from "@/lib/auth/guards/page";
import { Card } from "@/components/ui/card";
import { ArticleForm } from "@/components/articles/article-form";

export const metadata: Metadata = { title: "New article" };

export default async function NewArticlePage() {
  await guardPage("/dashboard/articles/new");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">New article</h1>
      <Card>
        <ArticleForm action={createArticleAction} submitLabel="Publish" pendingLabel="Publishing…" />
      </Card>
    </div>
  );
}
