import { randomBytes, randomUUID } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import { actionFormBody, serverActionId } from "./actions";
import type { Scenario } from "./action-scenarios";
import { GATEHOUSE_ITSELF, hiddenFieldAfter, newPerson, settingSaveScenario, signedInAs } from "./action-scenarios";
import { countOf, e2eDatabaseUrl, runSql, storedDate } from "./database";
import { freshAdmin } from "./sign-in";
import { APP_CALLBACK } from "./oauth-apps";

// The scenarios for the OAuth app actions of issue 17 (see action-scenarios.ts for what they are for).

const APPS = "/settings/apps";

async function registerApp(request: APIRequestContext, name: string): Promise<string> {
  const response = await request.post(APPS, {
    headers: { "next-action": serverActionId("registerAppAction"), ...GATEHOUSE_ITSELF },
    multipart: actionFormBody({ name, redirectUris: APP_CALLBACK, kind: "confidential", scopes: "articles:read" }),
    maxRedirects: 0,
  });
  const appId = (await response.text()).match(/client id is (app_[\w-]+)/)?.[1];
  expect(appId, `registered ${name}`).toBeDefined();
  return appId!;
}

const secretsOf = async (request: APIRequestContext, appId: string) => {
  const html = await (await request.get(APPS)).text();
  const start = html.indexOf(`data-app-id="${appId}"`);
  if (start === -1) return "no app";
  const card = html.slice(start, html.indexOf("</li>", start));
  return `${card.match(/data-secret-id=/g)?.length ?? 0} secrets`;
};

export const OAUTH_SCENARIOS: Record<string, Scenario> = {
  registerAppAction: {
    capability: "read",
    prepare: async () => {
      const person = await newPerson();
      const name = `CSRF app ${randomUUID().slice(0, 8)}`;
      // The answer carries the new client secret: a cross-site caller must never get one.
      return {
        request: person.request,
        path: APPS,
        fields: { name, redirectUris: APP_CALLBACK, kind: "confidential", scopes: "articles:read" },
        observe: async () => ((await (await person.request.get(APPS)).text()).includes(name) ? "registered" : "none"),
        after: "registered",
      };
    },
  },
  updateAppAction: {
    capability: "read",
    ownedBy: "victim",
    prepare: async () => {
      const person = await newPerson();
      const appId = await registerApp(person.request, `Renamed app ${randomUUID().slice(0, 8)}`);
      const name = `Now called ${randomUUID().slice(0, 8)}`;
      return {
        request: person.request,
        path: APPS,
        fields: { appId, name, redirectUris: APP_CALLBACK, scopes: "articles:read" },
        observe: async () => ((await (await person.request.get(APPS)).text()).includes(name) ? "renamed" : "as before"),
        after: "renamed",
      };
    },
  },
  createAppSecretAction: {
    capability: "read",
    ownedBy: "victim",
    prepare: async () => {
      const person = await newPerson();
      const appId = await registerApp(person.request, `Secret app ${randomUUID().slice(0, 8)}`);
      return {
        request: person.request,
        path: APPS,
        fields: { appId },
        observe: () => secretsOf(person.request, appId),
        after: "2 secrets",
      };
    },
  },
  deleteAppSecretAction: {
    capability: "read",
    ownedBy: "victim",
    prepare: async () => {
      const person = await newPerson();
      const appId = await registerApp(person.request, `Rotating app ${randomUUID().slice(0, 8)}`);
      await person.request.post(APPS, {
        headers: { "next-action": serverActionId("createAppSecretAction"), ...GATEHOUSE_ITSELF },
        multipart: actionFormBody({ appId }),
      });
      expect(await secretsOf(person.request, appId)).toBe("2 secrets");
      const secretId = await hiddenFieldAfter(person.request, APPS, `data-app-id="${appId}"`, "secretId");
      return {
        request: person.request,
        path: APPS,
        fields: { appId, secretId },
        observe: () => secretsOf(person.request, appId),
        after: "1 secrets",
      };
    },
  },
  deleteAppAction: {
    capability: "read",
    ownedBy: "victim",
    prepare: async () => {
      const person = await newPerson();
      const appId = await registerApp(person.request, `Doomed app ${randomUUID().slice(0, 8)}`);
      return {
        request: person.request,
        path: APPS,
        fields: { appId },
        observe: async () => ((await secretsOf(person.request, appId)) === "no app" ? "deleted" : "present"),
        after: "deleted",
      };
    },
  },
  revokeGrantAction: {
    capability: null,
    ownedBy: "victim",
    prepare: async () => {
      const person = await newPerson();
      const appId = await registerApp(person.request, `Granted app ${randomUUID().slice(0, 8)}`);
      // A grant as the provider stores it after a consent (the whole flow is tests/e2e/oauth-server.spec.ts).
      const grantId = randomBytes(32).toString("base64url");
      const iat = Math.floor(Date.now() / 1000);
      const payload = {
        iat,
        exp: iat + 3600,
        accountId: person.id,
        clientId: appId,
        kind: "Grant",
        jti: grantId,
        openid: { scope: "openid" },
      };
      await runSql(
        e2eDatabaseUrl(),
        `INSERT INTO "OAuthRecord" ("kind", "id", "payload", "accountId", "clientId", "expiresAt") VALUES ('Grant', ?, ?, ?, ?, ?)`,
        [
          grantId,
          JSON.stringify(payload),
          person.id,
          appId,
          storedDate(new Date((iat + 3600) * 1000), e2eDatabaseUrl()),
        ],
      );
      const path = "/settings/connected-apps";
      return {
        request: person.request,
        path,
        fields: { grantId },
        observe: async () =>
          (await (await person.request.get(path)).text()).includes(`data-grant-id="${grantId}"`)
            ? "granted"
            : "revoked",
        after: "revoked",
      };
    },
  },
  setAppDisabledAction: {
    capability: "manage-apps",
    prepare: async () => {
      const person = await newPerson();
      const appId = await registerApp(person.request, `Admin disables ${randomUUID().slice(0, 8)}`);
      const request = await signedInAs("admin");
      return {
        request,
        path: "/admin/apps",
        fields: { appId, disabled: "true" },
        observe: async () =>
          (await countOf(
            e2eDatabaseUrl(),
            `SELECT COUNT(*) FROM "OAuthApp" WHERE "id" = ? AND "disabledAt" IS NOT NULL`,
            [appId],
          )) === 1
            ? "disabled"
            : "enabled",
        after: "disabled",
        cleanup: () => person.request.dispose(),
      };
    },
  },
  reviewAppAction: {
    capability: "manage-apps",
    prepare: async () => {
      const person = await newPerson();
      const appId = await registerApp(person.request, `Admin reviews ${randomUUID().slice(0, 8)}`);
      // Held for review, at a version the admin's verdict names (as the page's form sends it).
      const version = new Date(Date.now() - 60_000);
      await runSql(e2eDatabaseUrl(), `UPDATE "OAuthApp" SET "review" = 'pending', "updatedAt" = ? WHERE "id" = ?`, [
        storedDate(version, e2eDatabaseUrl()),
        appId,
      ]);
      const request = await freshAdmin();
      return {
        request,
        path: "/admin/apps",
        fields: { appId, verdict: "refused", version: String(version.getTime()) },
        observe: async () =>
          (await countOf(e2eDatabaseUrl(), `SELECT COUNT(*) FROM "OAuthApp" WHERE "id" = ? AND "review" = 'refused'`, [
            appId,
          ])) === 1
            ? "refused"
            : "pending",
        after: "refused",
        cleanup: () => person.request.dispose(),
      };
    },
  },
  setAppReviewAction: settingSaveScenario("settings.app_review", "/admin/security", {}),
  updateAppSettingsAction: {
    capability: "manage-apps",
    prepare: async () => {
      const person = await newPerson();
      const appId = await registerApp(person.request, `Admin trusts ${randomUUID().slice(0, 8)}`);
      const request = await freshAdmin();
      return {
        request,
        path: "/admin/apps",
        fields: { appId, firstParty: "on", serviceRole: "none", accessTokenMinutes: "" },
        observe: async () =>
          (await countOf(e2eDatabaseUrl(), `SELECT COUNT(*) FROM "OAuthApp" WHERE "id" = ? AND "firstParty" = ?`, [
            appId,
            e2eDatabaseUrl().startsWith("file:") ? 1 : true,
          ])) === 1
            ? "first-party"
            : "third-party",
        after: "first-party",
        cleanup: () => person.request.dispose(),
      };
    },
  },
};
