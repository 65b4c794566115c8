import { z } from "zod";
import { idInput, textInput } from "@/lib/validation/text";
import { isStorableTime } from "@/lib/validation/dates";
import { WEBHOOK_EVENTS, isWebhookEvent, type WebhookEvent } from "@/lib/webhooks/catalogue";

// What Admin → Webhooks' forms send. Whether a URL may be posted to (https, not a private address)
// is the command's question too (lib/webhooks/commands.ts), with the settings of this instance.

// Stored as the URL parser writes it. Control characters and spaces are refused first: the parser
// would drop some of them silently (a NUL at the end, say), and the database refuses a NUL outright.
const url = z
  .string({ error: "Give the URL events are posted to." })
  .trim()
  .min(1, "Give the URL events are posted to, such as https://example.com/webhooks/gatehouse.")
  .max(2_000, "Keep the URL to 2000 characters.")
  .refine((value) => !/[\u0000-\u0020\u007f]/.test(value), "The URL cannot contain spaces or control characters.")
  .refine((value) => URL.canParse(value), "That is not a complete URL (https://…).")
  .transform((value) => new URL(value).href);

const description = textInput("The description cannot contain control characters.", {
  shownAsName: "The description cannot contain characters that change the direction of text.",
})
  .trim()
  .max(200, "Keep the description to 200 characters.");

// Ticked boxes arrive comma-joined.
const events = z
  .string()
  .optional()
  .transform((value) => (value ?? "").split(",").filter(Boolean))
  .pipe(z.array(z.string().refine(isWebhookEvent, "That is not an event Gatehouse sends.")))
  .transform((names) => WEBHOOK_EVENTS.filter((event) => names.includes(event)))
  .refine((names) => names.length > 0, "Choose at least one event.");

const endpointId = idInput("Choose an endpoint.", "That is not an endpoint.");

export const createWebhookSchema = z.object({ url, description, events });

export const updateWebhookSchema = z.object({ id: endpointId, url, description, events });

export const endpointSchema = z.object({ id: endpointId });

export const redeliverSchema = z.object({ id: idInput("Choose a delivery.", "That is not a delivery.") });

export const redeliverSinceSchema = z.object({
  id: endpointId,
  // A datetime-local field ("2026-12-07T09:30", read as UTC, as the page says), or an ISO time.
  since: z
    .string({ error: "Give a time." })
    .min(1, "Give a time.")
    .max(40, "That is not a time.")
    .transform((value) => Date.parse(/(Z|[+-]\d\d:\d\d)$/i.test(value) ? value : `${value}Z`))
    .refine((ms) => isStorableTime(ms), "That is not a time.")
    .transform((ms) => new Date(ms)),
});

export type WebhookInput = { url: string; description: string; events: WebhookEvent[] };
