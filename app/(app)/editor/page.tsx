import type { Metadata } from "next";
import { listArticles } from "@/lib/articles/queries";
import { guardPage } from "@/lib/auth/guards/page";
import { can } from "@/lib/auth/policy";
import { Card } from "@/components/ui/card";
import { ArticleList } from "@/components/articles/article-list";

export const metadata: Metadata = { title: "Editor" };

export default async function EditorPage() {
  const person = await guardPage("/editor");
  const articles = await listArticles();
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Editor</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">Edit any article in the organisation.</p>
      </div>
      <Card data-panel="editor" title="All articles">
        <ArticleList articles={articles} canEdit canDelete={can(person, "delete")} />
      </Card>
    </div>
  );
}
