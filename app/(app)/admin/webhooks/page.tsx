import type { Metadata } from "next";
import Link from "next/link";
import { guardPage } from "@/lib/auth/guards/page";
import { createWebhookAction, deleteWebhookAction } from "@/lib/actions/webhooks";
import { listEndpoints } from "@/lib/webhooks/queries";
import { AdminHeader } from "@/components/admin/admin-nav";
import { WebhookFields } from "@/components/admin/webhook-fields";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { Cell, DataTable, rowClasses } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const viewer = await guardPage("/admin/webhooks");
  const endpoints = await listEndpoints();
  return (
    <div className="space-y-6">
      <AdminHeader
        person={viewer}
        current="/admin/webhooks"
        title="Webhooks"
        description="Keep other systems in sync: Gatehouse posts the events they ask for, signed (Standard Webhooks), in order, until each is delivered."
      />
      <DataTable
        testId="webhooks"
        caption="Webhook endpoints"
        columns={["Endpoint", "Events", "State", "Waiting", "Actions"]}
        rowCount={endpoints.length}
        emptyMessage="No endpoints yet. Add one below."
      >
        {endpoints.map((endpoint) => (
          <tr key={endpoint.id} className={rowClasses} data-endpoint={endpoint.id}>
            <Cell label="Endpoint">
              <Link
                href={`/admin/webhooks/${endpoint.id}`}
                className="font-medium break-all text-indigo-700 hover:underline dark:text-indigo-300"
              >
                {endpoint.url}
              </Link>
              {endpoint.description ? <span className="block text-xs muted">{endpoint.description}</span> : null}
            </Cell>
            <Cell label="Events">{endpoint.events.split(" ").length}</Cell>
            <Cell label="State">
              {endpoint.pausedAt ? (
                <span className="font-medium text-amber-800 dark:text-amber-300" data-testid="endpoint-state">
                  paused <RelativeTime date={endpoint.pausedAt} />
                </span>
              ) : (
                <span data-testid="endpoint-state">running</span>
              )}
            </Cell>
            <Cell label="Waiting">{endpoint.waiting}</Cell>
            <Cell label="Actions" last>
              <ConfirmAction
                action={deleteWebhookAction}
                fields={{ id: endpoint.id }}
                triggerLabel="Delete"
                triggerVariant="danger-ghost"
                title="Delete this endpoint?"
                description={<p>No more events go to {endpoint.url}; its delivery log goes too.</p>}
                confirmLabel="Delete"
                pendingLabel="Deleting…"
                danger
              />
            </Cell>
          </tr>
        ))}
      </DataTable>
      <Card title="New endpoint">
        <ActionForm id="new-webhook" action={createWebhookAction} submitLabel="Add endpoint" pendingLabel="Adding…">
          <WebhookFields />
        </ActionForm>
        <p className="mt-3 text-sm muted">
          Every event carries ids and what changed, never secrets, passwords, addresses or browsers. Verify each
          delivery with its signing secret and any Standard Webhooks library; docs/webhooks.md shows how.
        </p>
      </Card>
    </div>
  );
}
