import { request as apiRequest, expect, test, type APIRequestContext } from "@playwright/test";
import {
  ROLE_REFUSAL_MESSAGE,
  BUILT_IN_ROLES,
  VERIFY_EMAIL_MESSAGE,
  can,
  type Capability,
  type BuiltInRole,
} from "@/lib/auth/policy";
import { ACTION_SCENARIOS, GATEHOUSE_ITSELF, sendAction } from "./support/action-scenarios";
import { E2E_ORIGIN, storageStatePath, NO_COOKIES } from "./support/fixtures";
import { forgeSessionToken, requestWithSessionCookie, sessionIdIn, sessionOf } from "./support/tokens";
import { unconfirmedPerson } from "./support/account-scenarios";

// Forced browsing to server actions: every action that needs a capability, called directly (the
// genuine request, from Gatehouse's own origin) by everyone who lacks it. Signed out; with each
// lower role's real cookie; with that person's cookie forged to claim the role the action needs,
// as a token issued before a demotion would (middleware trusts it, so only the action's own check
// against the database stands in the way); and, for actions on one's own things, by another
// signed-in person. Each must change nothing. Then the rightful caller's same request must work.

type Intruder = { who: string; request: () => Promise<APIRequestContext> };

const lowestRoleWith = (capability: Capability): BuiltInRole =>
  BUILT_IN_ROLES.find((role) => can({ role }, capability))!;

function intrudersFor(capability: Capability, ownedByVictim: boolean): Intruder[] {
  const intruders: Intruder[] = [
    {
      who: "signed out",
      request: () => apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: NO_COOKIES }),
    },
  ];
  for (const role of BUILT_IN_ROLES.filter((candidate) => !can({ role: candidate }, capability))) {
    intruders.push({
      who: `a ${role}`,
      request: () => apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: storageStatePath(role) }),
    });
    intruders.push({
      who: `a ${role} whose cookie claims ${lowestRoleWith(capability)}`,
      request: async () => {
        const person = await sessionOf(role);
        return requestWithSessionCookie(
          await forgeSessionToken({
            sub: person.id,
            sid: person.sid,
            role: lowestRoleWith(capability),
            sv: person.sessionVersion,
          }),
        );
      },
    });
  }
  // Someone who has not confirmed their address may do nothing yet: with their real cookie, and with
  // it forged to claim a confirmed address and the role the action needs.
  intruders.push({
    who: "someone who has not confirmed their address",
    request: async () => (await unconfirmedPerson()).request,
  });
  intruders.push({
    who: `someone unconfirmed whose cookie claims a confirmed address and ${lowestRoleWith(capability)}`,
    request: async () => {
      const person = await unconfirmedPerson();
      const sid = await sessionIdIn(person.request);
      await person.request.dispose();
      return requestWithSessionCookie(
        await forgeSessionToken({ sub: person.id, sid, role: lowestRoleWith(capability), sv: 1, ev: true }),
      );
    },
  });
  if (ownedByVictim)
    intruders.push({
      who: "another signed-in person",
      request: () => apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: storageStatePath("editor") }),
    });
  return intruders;
}

for (const [action, scenario] of Object.entries(ACTION_SCENARIOS)) {
  const { capability } = scenario;
  if (capability === null) continue;
  const intruders = intrudersFor(capability, scenario.ownedBy === "victim");
  test(`${action} (needs ${capability}): ${intruders.map((intruder) => intruder.who).join(", ")} change nothing; its rightful caller can`, async ({
    browser,
  }) => {
    const victim = await scenario.prepare(browser);
    const before = await victim.observe();
    expect(before, "the action's effect is not there yet").not.toBe(victim.after);
    for (const intruder of intruders) {
      const request = await intruder.request();
      const response = await sendAction(victim, action, GATEHOUSE_ITSELF, request);
      const body = await response.text();
      expect(response.status(), intruder.who).toBeLessThan(500);
      // Refused by middleware (a redirect to sign in, or 403), or by the action with a message.
      if (response.status() === 200) expect(body, intruder.who).toMatch(/"status":"error","message":"[^"]+"/);
      if (response.status() === 403)
        expect([
          { error: "forbidden", message: ROLE_REFUSAL_MESSAGE },
          { error: "email_unverified", message: VERIFY_EMAIL_MESSAGE },
        ]).toContainEqual(JSON.parse(body));
      expect(response.headers()["x-action-redirect"] ?? "", intruder.who).not.toMatch(
        /created=|updated=|unlinked=|127\.0\.0\.1:3101/,
      );
      expect(await victim.observe(response), `${intruder.who}: nothing changed`).toBe(before);
      await request.dispose();
    }
    const rightful = await sendAction(victim, action, GATEHOUSE_ITSELF);
    expect(await victim.observe(rightful)).toBe(victim.after);
    await victim.cleanup?.();
    await victim.request.dispose().catch(() => {});
  });
}
