import type { Prisma } from "@prisma/client";
import {
  BUILT_IN_ROLES,
  builtInCapabilities,
  can,
  holdsAll,
  isBuiltInRole,
  isCustomRoleName,
  parseCapabilities,
  type Capability,
  type Subject,
} from "@/lib/auth/policy";
import { db } from "@/lib/db";

// Roles as data: the custom roles admins define (lib/roles/commands.ts changes them). A person or an
// app holds a role by its name; a custom role's capabilities are read with the person on every
// request (lib/auth/session/live-session.ts and lib/tokens/queries.ts join them in their one query;
// the lookups here serve the rest), so an edit binds at each holder's next request.

type Tx = Prisma.TransactionClient | typeof db;

export type RoleView = {
  name: string;
  label: string;
  description: string;
  capabilities: readonly Capability[];
  builtIn: boolean;
};

const BUILT_IN_DESCRIPTIONS: Record<(typeof BUILT_IN_ROLES)[number], string> = {
  user: "Everyone starts here: reads articles and manages their own account.",
  writer: "Writes articles.",
  editor: "Writes articles and edits anyone's.",
  admin: "Holds every capability, always. At least one enabled person is an admin.",
};

function builtInView(name: (typeof BUILT_IN_ROLES)[number]): RoleView {
  return {
    name,
    label: name,
    description: BUILT_IN_DESCRIPTIONS[name],
    capabilities: builtInCapabilities(name),
    builtIn: true,
  };
}

function customView(row: { name: string; label: string; description: string; capabilities: string }): RoleView {
  return {
    name: row.name,
    label: row.label,
    description: row.description,
    capabilities: parseCapabilities(row.capabilities),
    builtIn: false,
  };
}

/** Every role, built-in first (in their order), then the custom ones by label. */
export async function listRoles(tx: Tx = db): Promise<RoleView[]> {
  const rows = await tx.role.findMany({ orderBy: { label: "asc" } });
  return [...BUILT_IN_ROLES.map(builtInView), ...rows.map(customView)];
}

/** One role by name, built-in or custom; null when no role has that name. */
export async function findRole(name: string, tx: Tx = db): Promise<RoleView | null> {
  if (isBuiltInRole(name)) return builtInView(name);
  if (!isCustomRoleName(name)) return null;
  const row = await tx.role.findUnique({ where: { name } });
  return row ? customView(row) : null;
}

/**
 * `subject` with its role's capabilities, for the policy: a custom role's as stored now. A built-in
 * role's come from the code, and a name that is no role gets none (the policy then counts the
 * subject as signed out).
 */
export async function withCapabilities<T extends { role: string }>(
  subject: T,
  tx: Tx = db,
): Promise<T & { capabilities?: readonly Capability[] }> {
  if (isBuiltInRole(subject.role) || !isCustomRoleName(subject.role)) return subject;
  const row = await tx.role.findUnique({ where: { name: subject.role }, select: { capabilities: true } });
  return row ? { ...subject, capabilities: parseCapabilities(row.capabilities) } : subject;
}

/** The capabilities column read in the same query as a person (null for a built-in role), for the policy. */
export function storedCapabilities(stored: string | null): readonly Capability[] | undefined {
  return stored === null ? undefined : parseCapabilities(stored);
}

/** How many enabled people, and how many apps (as their service role), hold each role. */
export async function countHolders(tx: Tx = db): Promise<Map<string, { people: number; apps: number }>> {
  const [people, apps] = await Promise.all([
    tx.user.groupBy({ by: ["role"], where: { disabledAt: null }, _count: { _all: true } }),
    tx.oAuthApp.groupBy({ by: ["serviceRole"], where: { serviceRole: { not: null } }, _count: { _all: true } }),
  ]);
  const holders = new Map<string, { people: number; apps: number }>();
  for (const group of people) holders.set(group.role, { people: group._count._all, apps: 0 });
  for (const group of apps) {
    if (!group.serviceRole) continue;
    const entry = holders.get(group.serviceRole) ?? { people: 0, apps: 0 };
    holders.set(group.serviceRole, { ...entry, apps: group._count._all });
  }
  return holders;
}

/** The people who hold `name` (disabled ones too, marked), for the role's page. */
export function listHolders(name: string, take = 200) {
  return db.user.findMany({
    where: { role: name },
    orderBy: { email: "asc" },
    take,
    select: { id: true, email: true, name: true, disabledAt: true },
  });
}

/** The apps that hold `name` as their service role. */
export function listHoldingApps(name: string) {
  return db.oAuthApp.findMany({
    where: { serviceRole: name },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
}

/** The roles `viewer` may give people (none it could not hold), or null when its role changes no roles. */
export function givableRoles(viewer: Subject, roles: readonly RoleView[]): { name: string; label: string }[] | null {
  if (!can(viewer, "change-roles")) return null;
  return roles
    .filter((role) => holdsAll(viewer, role.capabilities))
    .map((role) => ({ name: role.name, label: role.builtIn ? role.name : `${role.label} (${role.name})` }));
}

/** The label people read for each role name (a custom role's label; a built-in role's name). */
export function roleLabels(roles: readonly RoleView[]): Map<string, string> {
  return new Map(roles.map((role) => [role.name, role.label]));
}

/** The labels of the roles that carry `capability` (built-in and custom), for pages that say who may. */
export async function rolesWith(capability: Capability): Promise<string[]> {
  return (await listRoles()).filter((role) => role.capabilities.includes(capability)).map((role) => role.label);
}
