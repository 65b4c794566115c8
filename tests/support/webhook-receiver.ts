import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

// A webhook receiver on loopback, as another system would run one: it verifies every delivery with
// the standardwebhooks library (signature and timestamp) before it counts it, and can be told to
// fail, stall, answer hugely or be down, to show what Gatehouse does then.

export type Received = {
  id: string;
  /** The path it was posted to (one receiver can stand for several endpoints). */
  path: string;
  type: string;
  event: number;
  payload: Record<string, unknown>;
  raw: string;
};

export type Behaviour = { status?: number; delayMs?: number; bodyBytes?: number; location?: string };

export class WebhookReceiver {
  readonly received: Received[] = [];
  /** Deliveries whose signature did not verify with any secret held. */
  readonly rejected: string[] = [];
  behaviour: Behaviour = {};
  secrets: string[] = [];
  private server: http.Server | null = null;
  port = 0;

  get url() {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** Starts (again, on the same port once it has one). */
  async start(): Promise<void> {
    if (this.server) return;
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const headers = Object.fromEntries(
          ["webhook-id", "webhook-timestamp", "webhook-signature"].map((name) => [name, String(request.headers[name])]),
        );
        const verified = this.secrets.some((secret) => {
          try {
            new Webhook(secret).verify(raw, headers);
            return true;
          } catch {
            return false;
          }
        });
        const { status = 200, delayMs = 0, bodyBytes = 0, location } = this.behaviour;
        setTimeout(() => {
          if (!verified) {
            this.rejected.push(headers["webhook-id"]);
            return response.writeHead(400).end("bad signature");
          }
          if (status >= 200 && status < 300) {
            const payload = JSON.parse(raw) as { type: string; data: { event: number } };
            this.received.push({
              id: headers["webhook-id"],
              path: request.url ?? "",
              type: payload.type,
              event: payload.data.event,
              payload: payload as unknown as Record<string, unknown>,
              raw,
            });
          }
          response.writeHead(status, location ? { location } : {});
          if (bodyBytes) response.end(Buffer.alloc(bodyBytes, "x"));
          else response.end(status < 300 ? "ok" : "not now");
        }, delayMs);
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(this.port, "127.0.0.1", resolve);
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Stops at once, dropping open connections: the receiver is down. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  /** The events received, once each (by webhook-id), in the order they first arrived. */
  distinct(): Received[] {
    const seen = new Set<string>();
    return this.received.filter((entry) => !seen.has(entry.id) && seen.add(entry.id));
  }
}
