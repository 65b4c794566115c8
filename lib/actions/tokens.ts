"use server";

import { revalidatePath } from "next/cache";
import { guardAction } from "@/lib/auth/guards/action";
import { can } from "@/lib/auth/policy";
import { ACTIVE_TOKEN_LIMIT, createToken, revokeToken } from "@/lib/tokens/commands";
import { createTokenSchema, revokeTokenSchema } from "@/lib/tokens/schemas";
import { findTokenForRevoke } from "@/lib/tokens/queries";
import { refusalToActOnPerson } from "@/lib/people/commands";

const DAY_MS = 24 * 3600 * 1000;

// Any signed-in person may hold tokens for what their role allows; "read" is every role's floor.
export const createTokenAction = guardAction(
  "read",
  createTokenSchema,
  async ({ name, expiresIn, scopes }, person) => {
    const values = { name, expiresIn, scopes: scopes.join(",") };
    // A token that never expires is a standing credential: only a role that sets security policy may mint one.
    if (expiresIn === "never" && !can(person, "manage-security")) {
      return {
        status: "error",
        message: "Only admins can create tokens that never expire.",
        fieldErrors: { expiresIn: ["Choose an expiry of at most 365 days."] },
        values: { ...values, expiresIn: "365" },
      };
    }
    const expiresAt = expiresIn === "never" ? null : new Date(Date.now() + Number(expiresIn) * DAY_MS);
    const created = await createToken(person, { name, scopes, expiresAt });
    if (!created.ok && created.reason === "limit") {
      return {
        status: "error",
        message: `You have ${ACTIVE_TOKEN_LIMIT} active tokens, the most one person may hold. Revoke one you no longer use first.`,
        values,
      };
    }
    if (!created.ok) {
      return {
        status: "error",
        message: "Please fix the highlighted fields.",
        fieldErrors: { name: [`You already have an active token called “${name}”. Choose another name.`] },
        values,
      };
    }
    revalidatePath("/settings/tokens");
    return {
      status: "success",
      message: `Token “${name}” created. Copy it now: it will not be shown again.`,
      secret: created.token,
      createdId: created.row.id,
    };
    // A token outlives the session that made it: minting one needs a recent authentication.
  },
  { freshAuthentication: true },
);

export const revokeTokenAction = guardAction("read", revokeTokenSchema, async ({ tokenId }, person) => {
  const revoked = await revokeToken(person, tokenId, person.id);
  if (!revoked.ok) return { status: "error", message: "That token does not exist." };
  revalidatePath("/settings/tokens");
  return { status: "success", message: `Token “${revoked.name}” is revoked; it stops working at once.` };
});

/** An admin revokes one of another person's tokens (a stolen session may have minted it). */
export const revokePersonTokenAction = guardAction("manage-access", revokeTokenSchema, async ({ tokenId }, admin) => {
  const token = await findTokenForRevoke(tokenId, undefined);
  const refusal = token && (await refusalToActOnPerson(admin, token.user));
  if (refusal) return { status: "error", message: refusal };
  const revoked = await revokeToken(admin, tokenId);
  if (!revoked.ok) return { status: "error", message: "That token does not exist." };
  revalidatePath("/admin/users", "layout");
  return { status: "success", message: `Token “${revoked.name}” is revoked; it stops working at once.` };
});
