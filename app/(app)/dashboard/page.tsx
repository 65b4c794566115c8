import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { listArticlesPage } from "@/lib/articles/queries";
import { guardPage } from "@/lib/auth/guards/page";
import { adminEntryFor } from "@/components/admin/admin-nav";
import { CAPABILITY_LABELS, can } from "@/lib/auth/policy";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Pager } from "@/components/ui/data-table";
import { FlashToast } from "@/components/ui/toaster";
import { ArticleList } from "@/components/articles/article-list";

export const metadata: Metadata = { title: "Dashboard" };

const ARTICLES_PER_PAGE = 50;
const cursor = z.string().max(200).optional().catch(undefined);
const searchSchema = z.object({
  after: cursor,
  before: cursor,
  created: z.string().max(64).optional().catch(undefined),
});

export default async function DashboardPage({ searchParams }: PageProps<"/dashboard">) {
  const person = await guardPage("/dashboard");
  const adminEntry = adminEntryFor(person);
  const search = searchSchema.parse(await searchParams);
  const articles = await listArticlesPage(ARTICLES_PER_PAGE, search);

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Hello, {person.name ?? person.email}</h1>
        <p className="text-sm muted">
          As {/^[aeio]/.test(person.role) ? "an" : "a"} {person.role} you can{" "}
          {person.capabilities.map((c) => CAPABILITY_LABELS[c]).join(", ")}.
        </p>
      </div>
      {search.created ? <FlashToast message="Article published." clearParams={["created"]} /> : null}

      {can(person, "create") ? (
        <Card
          data-panel="create"
          title="Write"
          actions={
            <Link href="/dashboard/articles/new" className={buttonClasses("primary")}>
              New article
            </Link>
          }
        >
          <p className="text-sm muted">Publish an article for everyone in your organisation to read.</p>
        </Card>
      ) : null}

      {adminEntry ? (
        <Card
          data-panel="admin"
          title="Administration"
          actions={
            <Link href={adminEntry} className={buttonClasses("secondary")}>
              Open admin panel
            </Link>
          }
        >
          <p className="text-sm muted">Find people, review roles and see who has access.</p>
        </Card>
      ) : null}

      <Card data-panel="articles" title="Articles">
        <ArticleList
          articles={articles.items}
          canEdit={can(person, "update")}
          canDelete={can(person, "delete")}
          highlight={search.created}
        />
        <Pager
          previous={
            articles.previousCursor ? `/dashboard?before=${encodeURIComponent(articles.previousCursor)}` : undefined
          }
          next={articles.nextCursor ? `/dashboard?after=${encodeURIComponent(articles.nextCursor)}` : undefined}
          previousLabel="Newer"
          nextLabel="Older"
        />
      </Card>
    </div>
  );
}
