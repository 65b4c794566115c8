import type { Metadata } from "next";
import Link from "next/link";
import { listArticles } from "@/lib/articles/queries";
import { guardPage } from "@/lib/auth/guards/page";
import { CAPABILITY_LABELS, can, capabilitiesOf } from "@/lib/auth/policy";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ArticleList } from "@/components/articles/article-list";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ searchParams }: PageProps<"/dashboard">) {
  const person = await guardPage("/dashboard");
  const [articles, search] = await Promise.all([listArticles(), searchParams]);
  const notice = search.created === "1" ? "Article published." : search.updated === "1" ? "Article saved." : null;

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Hello, {person.name ?? person.email}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          As {person.role === "admin" || person.role === "editor" ? "an" : "a"} {person.role} you can{" "}
          {capabilitiesOf(person.role)
            .map((c) => CAPABILITY_LABELS[c])
            .join(", ")}
          .
        </p>
      </div>
      {notice ? <Alert tone="success">{notice}</Alert> : null}

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
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Publish an article for everyone in your organisation to read.
          </p>
        </Card>
      ) : null}

      {can(person, "manage") ? (
        <Card
          data-panel="admin"
          title="Administration"
          actions={
            <Link href="/admin" className={buttonClasses("secondary")}>
              Open admin panel
            </Link>
          }
        >
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Find people, review roles and see who has access.
          </p>
        </Card>
      ) : null}

      <Card data-panel="articles" title="Articles">
        <ArticleList articles={articles} canEdit={can(person, "update")} canDelete={can(person, "delete")} />
      </Card>
    </div>
  );
}
