"use server";

import { revalidatePath } from "next/cache";
import { authorizedAction } from "@/lib/actions/authorized-action";
import { recordAudit } from "@/lib/audit/record";
import { can } from "@/lib/auth/policy";
import { insertToken, revokeOwnToken } from "@/lib/tokens/queries";
import { createTokenSchema, revokeTokenSchema } from "@/lib/tokens/schemas";

const DAY_MS = 24 * 3600 * 1000;

// Any signed-in person may hold tokens for what their role allows; "read" is every role's floor.
export const createTokenAction = authorizedAction("read", createTokenSchema, async ({ name, expiresIn, scopes }, user) => {
  // A token that never expires is a standing credential: only people who manage others may mint one.
  if (expiresIn === "never" && !can(user, "manage")) {
    return { status: "error", message: "Only admins can create tokens that never expire.", fieldErrors: { expiresIn: ["Choose an expiry of at most 365 days."] }, values: { name, expiresIn: "365" } };
  }
  const expiresAt = expiresIn === "never" ? null : new Date(Date.now() + Number(expiresIn) * DAY_MS);
  const { token, row } = await insertToken({ userId: user.id, name, scopes, expiresAt });
  await recordAudit({ action: "token.created", actor: user, target: user, after: { token: row.prefix, name, scopes: row.scopes, expiresAt: expiresAt?.toISOString() ?? "never" } });
  revalidatePath("/settings/tokens");
  return { status: "success", message: `Token “${name}” created. Copy it now: it will not be shown again.`, secret: token };
});

export const revokeTokenAction = authorizedAction("read", revokeTokenSchema, async ({ tokenId }, user) => {
  const token = await revokeOwnToken(user.id, tokenId);
  if (!token) return { status: "error", message: "That token does not exist." };
  if (!token.revokedAt) await recordAudit({ action: "token.revoked", actor: user, target: user, before: { token: token.prefix, name: token.name } });
  revalidatePath("/settings/tokens");
  return { status: "success", message: `Token “${token.name}” is revoked; it stops working at once.` };
});
