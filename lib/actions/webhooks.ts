"use server";

import { revalidatePath } from "next/cache";
import { guardAction } from "@/lib/auth/guards/action";
import {
  createEndpoint,
  deleteEndpoint,
  redeliver,
  rotateSecret,
  setPaused,
  updateEndpoint,
  type WebhookResult,
} from "@/lib/webhooks/commands";
import {
  createWebhookSchema,
  endpointSchema,
  redeliverSchema,
  redeliverSinceSchema,
  updateWebhookSchema,
} from "@/lib/webhooks/schemas";
import type { FormState } from "@/lib/forms/form-state";

// Admin → Webhooks. Adding an endpoint, or changing where one posts, sends people's data out of
// Gatehouse from then on, so those (and a new secret) need a recent authentication.
const FRESH = { freshAuthentication: true };

function toFormState(result: WebhookResult): FormState {
  revalidatePath("/admin", "layout");
  if (!result.ok) return { status: "error", message: result.message };
  return { status: "success", message: result.message, createdId: result.id, secret: result.secret };
}

export const createWebhookAction = guardAction(
  "manage-webhooks",
  createWebhookSchema,
  async (input, actor) => toFormState(await createEndpoint(actor, input)),
  FRESH,
);

export const updateWebhookAction = guardAction(
  "manage-webhooks",
  updateWebhookSchema,
  async (input, actor) => toFormState(await updateEndpoint(actor, input)),
  FRESH,
);

export const rotateWebhookSecretAction = guardAction(
  "manage-webhooks",
  endpointSchema,
  async ({ id }, actor) => toFormState(await rotateSecret(actor, id)),
  FRESH,
);

export const deleteWebhookAction = guardAction("manage-webhooks", endpointSchema, async ({ id }, actor) =>
  toFormState(await deleteEndpoint(actor, id)),
);

export const pauseWebhookAction = guardAction("manage-webhooks", endpointSchema, async ({ id }, actor) =>
  toFormState(await setPaused(actor, id, true)),
);

export const resumeWebhookAction = guardAction("manage-webhooks", endpointSchema, async ({ id }, actor) =>
  toFormState(await setPaused(actor, id, false)),
);

export const redeliverAction = guardAction("manage-webhooks", redeliverSchema, async ({ id }, actor) =>
  toFormState(await redeliver(actor, { delivery: id })),
);

export const redeliverSinceAction = guardAction("manage-webhooks", redeliverSinceSchema, async ({ id, since }, actor) =>
  toFormState(await redeliver(actor, { endpoint: id, since })),
);
