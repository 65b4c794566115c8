import { expect, type APIRequestContext } from "@playwright/test";
import { decideAccess, ruleFor } from "@/lib/auth/policy";
import { appPaths } from "@/tests/support/app-pages";

/**
 * Every page of the app (from the app/ folder, so a new page is covered as soon as it exists), with
 * real ids in place of dynamic segments, and whether it is opened signed out or as an admin (who may
 * open every gated page). Route handlers that answer files (the CSV export) are left out.
 */
export async function everyPage(
  admin: APIRequestContext,
): Promise<Array<{ path: string; as: "admin" | "signed-out" }>> {
  const dashboard = await (await admin.get("/dashboard")).text();
  const articleId = dashboard.match(/href="\/dashboard\/articles\/([\w-]+)"/)?.[1];
  const people = await (await admin.get("/admin/users")).text();
  const personId = people.match(/href="\/admin\/users\/([\w-]+)"/)?.[1];
  expect(articleId, "an article to open").toBeDefined();
  expect(personId, "a person to open").toBeDefined();
  return appPaths()
    .filter((path) => !path.endsWith("/export"))
    .map((path) =>
      path
        .replace("/articles/sample-id", `/articles/${articleId}`)
        .replace("/users/sample-id", `/users/${personId}`)
        // The demo's custom role (prisma/demo-data.ts), which the e2e database is seeded with.
        .replace("/roles/sample-id", "/roles/auditor"),
    )
    .map((path) => ({
      path,
      as: ruleFor(path) && decideAccess({ role: "admin" }, path).allowed ? ("admin" as const) : ("signed-out" as const),
    }));
}
