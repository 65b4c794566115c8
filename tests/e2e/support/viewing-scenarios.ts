import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import type { Scenario } from "./action-scenarios";
import { newPerson } from "./action-scenarios";
import { actionFormBody, serverActionId } from "./actions";
import { countOf, e2eDatabaseUrl } from "./database";
import { E2E_ORIGIN } from "./fixtures";
import { freshAdmin } from "./sign-in";

// "View as" (lib/actions/impersonation.ts) for the CSRF, forced-action and input specs: a fresh
// admin of their own, viewing as a new person of their own.

const viewingsBy = (userAgent: string) => async () =>
  `${await countOf(
    e2eDatabaseUrl(),
    `SELECT COUNT(*) FROM "Impersonation" i JOIN "SignedInSession" s ON s."sid" = i."sid"
     WHERE i."endedAt" IS NULL AND s."userAgent" = ?`,
    [userAgent],
  )} viewings`;

/** Starts viewing as `personId` through the action itself, as the form would. */
export async function startViewingThroughAction(request: APIRequestContext, personId: string) {
  const response = await request.post(`/admin/users/${personId}`, {
    headers: { "next-action": serverActionId("startViewingAction"), origin: E2E_ORIGIN },
    multipart: actionFormBody({ personId, reason: "Helping them find the editor" }),
    maxRedirects: 0,
  });
  expect(response.headers()["x-action-redirect"], "viewing started").toMatch(/^\/dashboard/);
}

export const VIEWING_SCENARIOS: Record<string, Scenario> = {
  startViewingAction: {
    capability: "impersonate",
    prepare: async () => {
      const member = await newPerson();
      const userAgent = `Gatehouse e2e view-as ${randomUUID()}`;
      return {
        request: await freshAdmin(userAgent),
        path: `/admin/users/${member.id}`,
        fields: { personId: member.id, reason: "Helping them find the editor" },
        observe: viewingsBy(userAgent),
        after: "1 viewings",
        cleanup: () => member.request.dispose(),
      };
    },
  },
  stopViewingAction: {
    capability: null,
    prepare: async () => {
      const member = await newPerson();
      const userAgent = `Gatehouse e2e view-as ${randomUUID()}`;
      const request = await freshAdmin(userAgent);
      await startViewingThroughAction(request, member.id);
      return {
        request,
        path: "/dashboard",
        fields: {},
        observe: viewingsBy(userAgent),
        after: "0 viewings",
        cleanup: () => member.request.dispose(),
      };
    },
  },
};
