// The benchmark's webhook receiver, in a process of its own (as a receiver would be on its own
// machine), so verifying signatures does not hold the load generator's event loop. Started by
// bench/webhooks.ts with the endpoints' secrets in RECEIVER_SECRETS (JSON); it prints its two ports
// as JSON: where deliveries go, and where GET answers how many distinct events verified and how many
// did not.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebhookReceiver } from "../tests/support/webhook-receiver";

async function main() {
  const receiver = new WebhookReceiver();
  receiver.secrets = JSON.parse(process.env.RECEIVER_SECRETS ?? "[]") as string[];
  await receiver.start();
  const stats = http.createServer((_request, response) =>
    response.end(JSON.stringify({ distinct: receiver.distinct().length, rejected: receiver.rejected.length })),
  );
  await new Promise<void>((resolve) => stats.listen(0, "127.0.0.1", resolve));
  console.log(JSON.stringify({ port: receiver.port, stats: (stats.address() as AddressInfo).port }));
}

void main();
