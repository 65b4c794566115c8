"use server";

import { revalidatePath } from "next/cache";
import { guardAction } from "@/lib/auth/guards/action";
import { signOut } from "@/lib/auth/session/nextauth";
import { deleteAccount, rename } from "@/lib/people/account";
import { deleteAccountSchema, renameSchema } from "@/lib/people/schemas";

export const renameAction = guardAction("read", renameSchema, async ({ name }, person) => {
  await rename(person, name);
  revalidatePath("/", "layout");
  return {
    status: "success",
    message: name ? `You are “${name}” now.` : "Your name is removed; you are shown by your address.",
  };
});

export const deleteAccountAction = guardAction("read", deleteAccountSchema, async ({ currentPassword }, person) => {
  const deletion = await deleteAccount(person, currentPassword);
  if (!deletion.ok) {
    return {
      status: "error",
      message: deletion.message,
      ...(deletion.field ? { fieldErrors: { [deletion.field]: [deletion.message] } } : {}),
    };
  }
  await signOut({ redirectTo: "/signin?deleted=1" });
  return { status: "success" };
});
