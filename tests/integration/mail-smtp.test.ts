import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Mail over real SMTP: nodemailer (lib/mail/deliver.ts) talking to an SMTP server on loopback. What
// arrives has a text and an HTML part and links on AUTH_URL; a refused mail is reported, and logged
// without the link's secret or the full address.

const received: ParsedMail[] = [];
const server = new SMTPServer({
  secure: false,
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (address.address.startsWith("bounce-"))
      return callback(Object.assign(new Error("No such mailbox"), { responseCode: 550 }));
    callback();
  },
  onData(stream, _session, callback) {
    simpleParser(stream).then((mail) => {
      received.push(mail);
      callback();
    }, callback);
  },
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  vi.stubEnv("SMTP_URL", `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`);
  vi.stubEnv("MAIL_FROM", "Gatehouse <no-reply@gatehouse.test>");
  vi.stubEnv("AUTH_URL", "https://gatehouse.example");
  vi.resetModules();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("mail over SMTP", () => {
  it("arrives with a text and an HTML part, from MAIL_FROM, with the link on AUTH_URL", async () => {
    const { tryDeliver } = await import("@/lib/mail/deliver");
    const { resetPasswordMail } = await import("@/lib/mail/messages");
    expect(await tryDeliver(resetPasswordMail("ada@example.test", "A".repeat(43)))).toBe(true);
    const mail = received.at(-1)!;
    expect(mail.subject).toBe("Reset your password · Gatehouse");
    expect(mail.from?.value).toEqual([{ name: "Gatehouse", address: "no-reply@gatehouse.test" }]);
    expect(mail.text).toContain(`https://gatehouse.example/reset-password?token=${"A".repeat(43)}`);
    expect(mail.html).toContain(`href="https://gatehouse.example/reset-password?token=${"A".repeat(43)}"`);
    expect(mail.html).not.toMatch(/<img|<script/i);
  });

  it("reports a refused mail, and logs it without the link or the full address", async () => {
    const { tryDeliver } = await import("@/lib/mail/deliver");
    const { verifyEmailMail } = await import("@/lib/mail/messages");
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const secret = "S".repeat(43);
    expect(await tryDeliver(verifyEmailMail("bounce-me@example.test", secret))).toBe(false);
    const logged = errors.mock.calls.flat().join(" ");
    errors.mockRestore();
    expect(logged).toContain("could not send");
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain("bounce-me");
  });
});
