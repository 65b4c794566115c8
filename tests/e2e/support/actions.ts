import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";

export type CapturedAction = { headers: Record<string, string>; body: Buffer };

/**
 * Records the server-action requests a page sends to `urlGlob` and stops them before they reach
 * the server, so a test can replay exactly what a browser sends, as someone else, and only the
 * replay can change anything. The cookie is left out: the replaying context brings its own.
 */
export async function captureActionRequests(page: Page, urlGlob: string): Promise<CapturedAction[]> {
  const captured: CapturedAction[] = [];
  await page.route(urlGlob, async (route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"]) {
      const { cookie: _ownCookie, ...headers } = request.headers();
      captured.push({ headers, body: request.postDataBuffer()! });
      await route.abort();
    } else {
      await route.continue();
    }
  });
  return captured;
}

type ActionManifest = { node: Record<string, { exportedName?: string; workers: Record<string, unknown> }> };

/** Every server action in the production build: its id, exported name and the page that serves it. */
export function serverActions(): Array<{ id: string; name: string; path: string }> {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as ActionManifest;
  return Object.entries(manifest.node).map(([id, entry]) => ({
    id,
    name: entry.exportedName ?? id,
    // "app/(app)/admin/users/page" → "/admin/users"
    path:
      "/" +
      Object.keys(entry.workers)[0]
        .replace(/^app\//, "")
        .replace(/\/page$/, "")
        .split("/")
        .filter((s) => !s.startsWith("("))
        .join("/"),
  }));
}

export function serverActionId(name: string): string {
  const action = serverActions().find((candidate) => candidate.name === name);
  if (!action) throw new Error(`No server action named ${name} in the build`);
  return action.id;
}

/**
 * The multipart body React sends when a form calls a `useActionState` action with JavaScript on,
 * as seen in devtools: the form's own fields prefixed "_1_", then the arguments in field "0". The
 * order matters (React reads "0" as soon as it arrives), hence FormData: a plain object would put
 * the key "0" first.
 */
export function actionFormBody(fields: Record<string, string>, { withFormState = true } = {}): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(`_1_${name}`, value);
  // A plain <form action={…}> passes the form alone; useActionState passes the previous state first.
  body.append("0", JSON.stringify(withFormState ? [{ status: "idle" }, "$K1"] : ["$K1"]));
  return body;
}
