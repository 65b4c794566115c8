import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { guardPage } from "@/lib/auth/guards/page";
import {
  pauseWebhookAction,
  redeliverAction,
  redeliverSinceAction,
  resumeWebhookAction,
  rotateWebhookSecretAction,
  updateWebhookAction,
} from "@/lib/actions/webhooks";
import { formatDateTime } from "@/lib/format";
import { isWebhookEvent } from "@/lib/webhooks/catalogue";
import { deliveryLog, findEndpoint } from "@/lib/webhooks/queries";
import { AdminHeader } from "@/components/admin/admin-nav";
import { WebhookFields } from "@/components/admin/webhook-fields";
import { ActionForm, FormField } from "@/components/ui/action-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Cell, DataTable, rowClasses } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Webhook endpoint" };

const STATUS_WORDS: Record<string, string> = { pending: "waiting", delivered: "delivered", failed: "failed" };

export default async function WebhookPage({ params }: PageProps<"/admin/webhooks/[id]">) {
  const { id } = await params;
  const viewer = await guardPage(`/admin/webhooks/${id}`);
  const endpoint = /^[\w-]{1,64}$/.test(id) ? await findEndpoint(id) : null;
  if (!endpoint) notFound();
  const deliveries = await deliveryLog(endpoint.id);
  const fields = { id: endpoint.id };
  return (
    <div className="space-y-6">
      <AdminHeader
        person={viewer}
        current="/admin/webhooks"
        title="Webhook endpoint"
        description={endpoint.description || endpoint.url}
      />
      {endpoint.pausedAt ? (
        <Alert tone="warning">
          Paused {formatDateTime(endpoint.pausedAt)}. {endpoint.pausedReason} Events keep being recorded and go out in
          order once you resume.
        </Alert>
      ) : null}
      <Card title="Deliveries">
        <p className="mb-3 text-sm muted">
          The latest 50 events, newest first, with each attempt: when, the answer&apos;s status, how long it took, and
          the start of what it said.
        </p>
        <DataTable
          testId="deliveries"
          caption="Deliveries"
          columns={["Event", "State", "Attempts", "Again"]}
          rowCount={deliveries.length}
          emptyMessage="No events yet."
        >
          {deliveries.map((delivery) => (
            <tr key={delivery.id} className={rowClasses} data-delivery={delivery.id} data-status={delivery.status}>
              <Cell label="Event">
                <span className="font-medium">{delivery.type}</span>
                <span className="block font-mono text-xs break-all muted">{delivery.id}</span>
                <span className="block text-xs muted">{formatDateTime(delivery.createdAt)}</span>
              </Cell>
              <Cell label="State">
                {STATUS_WORDS[delivery.status] ?? delivery.status}
                {delivery.status === "pending" && delivery.attempts > 0 ? (
                  <span className="block text-xs muted">next try {formatDateTime(delivery.nextAttemptAt)}</span>
                ) : null}
              </Cell>
              <Cell label="Attempts">
                <ol className="space-y-1 text-xs" data-testid="attempts">
                  {delivery.log.map((attempt) => (
                    <li key={attempt.id}>
                      <span className={attempt.ok ? "" : "text-red-700 dark:text-red-400"}>
                        {formatDateTime(attempt.at)} · {attempt.status ?? "no answer"} · {attempt.latencyMs} ms
                      </span>
                      {attempt.answer ? <span className="block break-all muted">{attempt.answer}</span> : null}
                    </li>
                  ))}
                </ol>
              </Cell>
              <Cell label="Again" last>
                {delivery.status === "pending" && delivery.attempts === 0 ? null : (
                  <ActionForm
                    id={`again-${delivery.id}`}
                    action={redeliverAction}
                    fields={{ id: delivery.id }}
                    submitLabel="Send again"
                    pendingLabel="Queueing…"
                    variant="secondary"
                  />
                )}
              </Cell>
            </tr>
          ))}
        </DataTable>
      </Card>
      <Card title="Send again since">
        <ActionForm
          id="redeliver-since"
          action={redeliverSinceAction}
          fields={fields}
          submitLabel="Send again"
          pendingLabel="Queueing…"
          variant="secondary"
        >
          <FormField name="since" type="datetime-local" label="Every event since (UTC)" required />
        </ActionForm>
      </Card>
      <Card title="Settings">
        <ActionForm
          id="edit-webhook"
          action={updateWebhookAction}
          fields={fields}
          submitLabel="Save"
          pendingLabel="Saving…"
        >
          <WebhookFields endpoint={{ ...endpoint, events: endpoint.events.split(" ").filter(isWebhookEvent) }} />
        </ActionForm>
      </Card>
      <Card title="Signing secret">
        <p className="mb-3 text-sm muted">
          {endpoint.previousSecretUntil && endpoint.previousSecretUntil > new Date()
            ? `Rotated: until ${formatDateTime(endpoint.previousSecretUntil)} every event is signed with the new secret and the one before it.`
            : "A new secret replaces this one; the old one keeps signing for 24 hours beside it, so the receiver can switch without losing an event."}
        </p>
        <ActionForm
          id="rotate-secret"
          action={rotateWebhookSecretAction}
          fields={fields}
          submitLabel="Rotate secret"
          pendingLabel="Rotating…"
          variant="secondary"
        />
      </Card>
      <Card title={endpoint.pausedAt ? "Resume" : "Pause"}>
        <ActionForm
          id="pause-webhook"
          action={endpoint.pausedAt ? resumeWebhookAction : pauseWebhookAction}
          fields={fields}
          submitLabel={endpoint.pausedAt ? "Resume" : "Pause"}
          pendingLabel={endpoint.pausedAt ? "Resuming…" : "Pausing…"}
          variant="secondary"
        />
      </Card>
    </div>
  );
}
