import { WEBHOOK_EVENTS, eventLabel, type WebhookEvent } from "@/lib/webhooks/catalogue";
import { FormCheckbox, FormField, FormGroupErrors } from "@/components/ui/action-form";

/** An endpoint's URL, description and events, as Admin → Webhooks' forms ask for them. */
export function WebhookFields({
  endpoint,
}: {
  endpoint?: { url: string; description: string; events: readonly WebhookEvent[] };
}) {
  return (
    <>
      <FormField
        name="url"
        type="url"
        label="URL events are posted to (https)"
        placeholder="https://example.com/webhooks/gatehouse"
        defaultValue={endpoint?.url}
        maxLength={2000}
        autoComplete="off"
        required
      />
      <FormField
        name="description"
        label="What it is for (optional)"
        defaultValue={endpoint?.description}
        maxLength={200}
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Events it gets</legend>
        <FormGroupErrors name="events" />
        <div className="grid gap-2 sm:grid-cols-2">
          {WEBHOOK_EVENTS.map((event) => (
            <FormCheckbox
              key={event}
              name="events"
              value={event}
              label={`${eventLabel(event)} (${event})`}
              defaultChecked={endpoint ? endpoint.events.includes(event) : false}
            />
          ))}
        </div>
      </fieldset>
    </>
  );
}
