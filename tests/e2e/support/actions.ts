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
