import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// Sending mail. With SMTP_URL set, over SMTP with nodemailer (any provider: see docs/operations.md: "Mail").
// Without it, outside production, mail is kept in the dev outbox (OutboxMail, shown at /dev/outbox),
// so every flow works in `npm run demo` with no setup. Production refuses to start without SMTP_URL.

export type Mail = { to: string; subject: string; text: string; html: string };

let transport: Transporter | undefined;

function smtp(): Transporter {
  transport ??= nodemailer.createTransport(env.SMTP_URL!, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return transport;
}

function sender(): string {
  return env.MAIL_FROM ?? `Gatehouse <no-reply@${new URL(env.AUTH_URL).hostname}>`;
}

/** Sends one mail now; throws when it cannot be sent. */
export async function deliver(mail: Mail): Promise<void> {
  if (env.SMTP_URL) {
    await smtp().sendMail({ from: sender(), to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    return;
  }
  if (env.isProduction) throw new Error("No SMTP_URL: mail cannot be sent in production without one.");
  await db.outboxMail.create({ data: mail });
}

/**
 * Sends one mail and says whether it went. A failure is logged with the mail's subject and the
 * recipient's domain only: the text carries a link's secret, and the full address is personal data.
 */
export async function tryDeliver(mail: Mail): Promise<boolean> {
  try {
    await deliver(mail);
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    console.error(
      `[mail] could not send "${mail.subject}" to an address at ${mail.to.split("@")[1] ?? "?"}: ${reason}`,
    );
    return false;
  }
}
