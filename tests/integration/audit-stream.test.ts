import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record";
import { sealAuditChain } from "@/lib/audit/seal";
import { SyslogSender, streamRound } from "@/lib/audit/stream";
import { frame, unframe } from "@/lib/audit/syslog";
import { verifyStream } from "@/lib/audit/stream-verify";
import { db } from "@/lib/db";
import { leaseCursor } from "@/lib/server/lease";
import { localhostCertificate } from "../support/certificates";

// Issue 34 item 4: the audit stream a SIEM can trust. A syslog server on loopback (TCP, and TLS as
// RFC 5425 says) captures what Gatehouse sends; the verifier a receiver runs (npm run
// audit:verify-stream) passes on the capture, and fails on a copy with one entry removed or edited.

const certificate = localhostCertificate();
const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-stream-"));
afterAll(() => {
  certificate.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** A syslog server capturing every byte it receives; `stop` drops its connections (it went down). */
async function syslogServer(secure: boolean, port = 0) {
  const captured: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const onSocket = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("data", (chunk: Buffer) => captured.push(chunk));
    socket.on("close", () => sockets.delete(socket));
  };
  const server = secure
    ? tls.createServer({ key: certificate.key, cert: certificate.cert }, onSocket)
    : net.createServer(onSocket);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    bytes: () => Buffer.concat(captured),
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function someEntries(count: number, label: string) {
  for (let index = 0; index < count; index++)
    await recordAudit({ action: "profile.renamed", after: { name: `${label} ${index}\nwith a newline` } });
  await sealAuditChain();
}

const sealedCount = () => db.auditEvent.count({ where: { seq: { not: null } } });

/** Runs the verifier as a receiver would, on a file: its exit code and what it printed. */
function verifyFile(bytes: Buffer) {
  const file = path.join(dir, `stream-${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(file, bytes);
  try {
    const out = execFileSync(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "scripts/verify-audit-stream.ts", file],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    return { code: 0, out };
  } catch (error) {
    const failed = error as { status: number; stderr: string };
    return { code: failed.status, out: failed.stderr };
  }
}

describe("the audit stream", () => {
  it("sends every sealed entry over TLS; the verifier passes, and fails on one removed or edited", async () => {
    await db.workerLease.deleteMany();
    const server = await syslogServer(true);
    // Entries count as received once their connection stayed up 50 ms after they were written.
    const sender = new SyslogSender(new URL(`tls://localhost:${server.port}`), { ca: certificate.cert }, 50);
    await someEntries(30, "Sent");
    expect(await streamRound(sender, "stream-a")).toBe(await sealedCount());
    expect(await leaseCursor("audit-stream")).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Nothing twice: a second round with nothing new sends nothing, and confirms what was sent.
    expect(await streamRound(sender, "stream-a")).toBe(0);
    expect(await leaseCursor("audit-stream")).toBe(await sealedCount());
    await new Promise((resolve) => setTimeout(resolve, 100));
    sender.close();
    await server.stop();

    const bytes = server.bytes();
    const messages = unframe(bytes);
    expect(messages).toHaveLength(await sealedCount());
    expect(messages[0]).toMatch(/^<1\d\d>1 \S+ \S+ gatehouse \d+ audit - \{/);
    expect(verifyStream(messages)).toMatchObject({ ok: true, entries: messages.length, first: 1, problems: [] });
    expect(verifyFile(bytes)).toEqual({ code: 0, out: expect.stringContaining(`OK: ${messages.length} entries`) });

    const removed = Buffer.concat(messages.filter((_, index) => index !== 10).map(frame));
    expect(verifyFile(removed)).toEqual({ code: 1, out: expect.stringContaining("Entry 11 is missing.") });

    const edited = Buffer.concat(
      messages.map((message, index) => frame(index === 5 ? message.replace("Sent 5", "Sent 6") : message)),
    );
    expect(verifyFile(edited)).toEqual({ code: 1, out: expect.stringContaining("Entry 6 was edited") });
  });

  it("a syslog server down mid-stream: the entries in flight are sent again, none missing", async () => {
    await db.workerLease.deleteMany();
    const first = await syslogServer(false);
    const sender = new SyslogSender(new URL(`tcp://127.0.0.1:${first.port}`));
    await someEntries(5, "Before");
    await streamRound(sender, "stream-b");
    await new Promise((resolve) => setTimeout(resolve, 100));
    await first.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Down: nothing can be sent, and the cursor does not move past what was written.
    await someEntries(5, "While down");
    await expect(streamRound(sender, "stream-b")).rejects.toThrow();
    const second = await syslogServer(false, first.port);
    await someEntries(5, "After");
    await streamRound(sender, "stream-b");
    await new Promise((resolve) => setTimeout(resolve, 100));
    sender.close();
    await second.stop();

    const report = verifyStream([...unframe(first.bytes()), ...unframe(second.bytes())]);
    expect(report).toMatchObject({ ok: true, first: 1, last: await sealedCount() });
  });
});
