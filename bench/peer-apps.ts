// The peer apps the benchmarks measure Gatehouse against (bench/peers.ts prepares them; bench/profile.ts
// profiles them too): better-auth-minimal as it is, and its twin with the proxy moved to an edge
// middleware.ts in front of every page.
import { spawn, type ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";

export type Peer = { name: string; dir: string; port: number; env: NodeJS.ProcessEnv };

function peer(name: string, folder: string, port: number): Peer {
  // Outside this repository: inside it, Next would take the repository for the peer's workspace root.
  const dir = path.join(tmpdir(), folder);
  return {
    name,
    dir,
    port,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      BA_DB: path.join(dir, "data", "peer.db"),
      BETTER_AUTH_URL: `http://localhost:${port}`,
      BETTER_AUTH_SECRET: "bench-only-peer-secret-0123456789abcdefghij",
    },
  };
}

export const PEERS: readonly [Peer, Peer] = [
  peer("peer", "gatehouse-bench-peer", 4610),
  peer("peer, edge", "gatehouse-bench-peer-edge", 4611),
];

export function startPeer({ dir, port, env }: Peer, extraEnv: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(port)], {
    cwd: dir,
    env: { ...env, ...extraEnv },
    stdio: "ignore",
  });
}

// The peer's seed script creates this account (../shared/peers/README.md).
const PEER_ACCOUNT = { email: "writer@demo.gatehouse.test", password: "demo-writer-gatehouse" };

/** better-auth's sign-in endpoint; its session cookie, as a browser would keep it. */
export async function peerCookie(origin: string): Promise<string> {
  const response = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify(PEER_ACCOUNT),
  });
  if (!response.ok) throw new Error(`The peer's sign-in answered ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}
