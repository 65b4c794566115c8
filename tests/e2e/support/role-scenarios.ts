import { randomUUID } from "node:crypto";
import type { Scenario } from "./action-scenarios";
import { countOf, e2eDatabaseUrl, runSql, storedDate } from "./database";
import { freshAdmin } from "./sign-in";

// Admin → Roles' actions (lib/actions/roles.ts) for the CSRF, forced-action and input specs: each
// on a role of its own, so nothing another test relies on changes.

/** A custom role straight in the database, as an admin would have made it; returns its name. */
export async function insertRole(capabilities: string): Promise<string> {
  const url = e2eDatabaseUrl();
  const name = `r-${randomUUID().slice(0, 8)}`;
  const label = `Scenario ${name}`;
  const now = storedDate(new Date(), url);
  await runSql(
    url,
    `INSERT INTO "Role" ("name", "label", "description", "capabilities", "createdAt", "updatedAt") VALUES (?, ?, '', ?, ?, ?)`,
    [name, label, capabilities, now, now],
  );
  return name;
}

const rolesNamed = async (name: string) =>
  `${await countOf(e2eDatabaseUrl(), `SELECT COUNT(*) FROM "Role" WHERE "name" = ?`, [name])} roles`;

export const ROLE_SCENARIOS: Record<string, Scenario> = {
  createRoleAction: {
    capability: "manage-roles",
    prepare: async () => {
      const name = `r-${randomUUID().slice(0, 8)}`;
      return {
        request: await freshAdmin(),
        path: "/admin/roles",
        fields: { name, label: `Forged ${name}`, description: "", capabilities: "read-audit" },
        observe: () => rolesNamed(name),
        after: "1 roles",
      };
    },
  },
  updateRoleAction: {
    capability: "manage-roles",
    prepare: async () => {
      const name = await insertRole("read");
      const labelled = async () =>
        `${await countOf(e2eDatabaseUrl(), `SELECT COUNT(*) FROM "Role" WHERE "name" = ? AND "label" = ?`, [name, `After ${name}`])} relabelled`;
      return {
        request: await freshAdmin(),
        path: `/admin/roles/${name}`,
        fields: { name, label: `After ${name}`, description: "", capabilities: "" },
        observe: labelled,
        after: "1 relabelled",
      };
    },
  },
  deleteRoleAction: {
    capability: "manage-roles",
    prepare: async () => {
      const name = await insertRole("read");
      return {
        request: await freshAdmin(),
        path: "/admin/roles",
        fields: { name, moveTo: "user" },
        observe: () => rolesNamed(name),
        after: "0 roles",
      };
    },
  },
};
