import type { Metadata } from "next";
import { z } from "zod";
import { listArticlesPage } from "@/lib/articles/queries";
import { guardPage } from "@/lib/auth/guards/page";
import { can } from "@/lib/auth/policy";
import { ArticleList } from "@/components/articles/article-list";
import { Card } from "@/components/ui/card";
import { Pager } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Editor" };

const cursor = z.string().max(200).optional().catch(undefined);
const searchSchema = z.object({ after: cursor, before: cursor });

export default async function EditorPage({ searchParams }: PageProps<"/editor">) {
  const person = await guardPage("/editor");
  const articles = await listArticlesPage(50, searchSchema.parse(await searchParams));
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Editor</h1>
        <p className="text-sm muted">Edit any article in the organisation.</p>
      </div>
      <Card data-panel="editor" title="All articles">
        <ArticleList articles={articles.items} canEdit canDelete={can(person, "delete")} />
        <Pager
          previous={
            articles.previousCursor ? `/editor?before=${encodeURIComponent(articles.previousCursor)}` : undefined
          }
          next={articles.nextCursor ? `/editor?after=${encodeURIComponent(articles.nextCursor)}` : undefined}
          previousLabel="Newer"
          nextLabel="Older"
        />
      </Card>
    </div>
  );
}
