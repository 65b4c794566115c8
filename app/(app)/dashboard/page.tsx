import type { Metadata } from "next";
import Link from "next/link";
import { listArticles } from "@/lib/articles/queries";
import { requirePageAccess } from "@/lib/auth/current-user";
import { CAPABILITY_LABELS, can, capabilitiesOf } from "@/lib/auth/policy";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ArticleList } from "@/components/articles/article-list";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageAccess("/dashboard");
  const [articles, search] = await Promise.all([listArticles(), searchParams]);
  const notice = search.created === "1" ? "Article published." : search.updated === "1" ? "Article saved." : null;

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Hello, {user.name ?? user.email}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          As {user.role === "admin" || user.role === "editor" ? "an" : "a"} {user.role} you can {capabilitiesOf(user.role).map((c) => CAPABILITY_LABELS[c]).join(", ")}.
        </p>
      </div>
      {notice ? <Alert tone="success">{notice}</Alert> : null}

      {can(user, "create") ? (
        <Card data-panel="create" title="Write" actions={<Link href="/dashboard/articles/new" className={buttonClasses("primary")}>New article</Link>}>
          <p className="text-sm text-slate-600 dark:text-slate-400">Publish an article for everyone in your organisation to read.</p>
        </Card>
      ) : null}

      {can(user, "manage") ? (
        <Card data-panel="admin" title="Administration" actions={<Link href="/admin" className={buttonClasses("secondary")}>Open admin panel</Link>}>
          <p className="text-sm text-slate-600 dark:text-slate-400">Find people, review roles and see who has access.</p>
        </Card>
      ) : null}

      <Card data-panel="articles" title="Articles">
        <ArticleList articles={articles} canEdit={can(user, "update")} canDelete={can(user, "delete")} />
      </Card>
    </div>
  );
}
