import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { env } from "@/lib/env";
import { listOutbox } from "@/lib/mail/outbox";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";

// Nothing about the page, not even its title, in a production build's 404.
export const metadata: Metadata = env.isProduction ? {} : { title: "Dev outbox", robots: { index: false } };

// Mail that development keeps instead of sending (no SMTP_URL): read it here to follow its links.
// In production this page does not exist.
export default async function OutboxPage() {
  if (env.isProduction) notFound();
  const mails = await listOutbox();
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Dev outbox</h1>
        <p className="text-sm muted">
          Mail Gatehouse would have sent, newest first. Development only: with SMTP_URL set, mail goes out instead; in
          production this page is a 404.
        </p>
      </div>
      {mails.length === 0 ? (
        <p className="text-sm muted">No mail yet. Sign up to see the first one.</p>
      ) : (
        mails.map((mail) => (
          <Card key={mail.id} data-testid="outbox-mail">
            <div className="space-y-2">
              <p className="font-semibold">{mail.subject}</p>
              <p className="text-sm muted">
                To {mail.to} · <RelativeTime date={mail.createdAt} />
              </p>
              <pre className="whitespace-pre-wrap break-words text-sm">
                {mail.text.split(/(https?:\/\/\S+)/).map((part, index) =>
                  /^https?:\/\//.test(part) ? (
                    <a key={index} href={part} className="text-indigo-600 underline dark:text-indigo-400">
                      {part}
                    </a>
                  ) : (
                    part
                  ),
                )}
              </pre>
            </div>
          </Card>
        ))
      )}
    </div>
  );
}
