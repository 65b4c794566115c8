// The peer apps the benchmarks measure Gatehouse against (bench/peers.ts prepares them; bench/profile.ts
// profiles them too): better-auth-minimal as it is, and its twin with the proxy moved to an edge
// middleware.ts in front of every page.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const PEER_SOURCE = path.resolve(process.env.BENCH_PEER_DIR ?? "../shared/peers/better-auth-minimal");

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

// The peer's own check, moved to the edge runtime and in front of every page as Gatehouse's
// middleware.ts is: what is left of a request's middleware cost is the sandbox's.
export const EDGE_MIDDLEWARE = `import { NextResponse, type NextRequest } from "next/server";
import { getSessionCookie } from "better-auth/cookies";

export function middleware(request: NextRequest) {
  if (!request.nextUrl.pathname.startsWith("/dashboard") || getSessionCookie(request)) return NextResponse.next();
  const url = new URL("/sign-in", request.url);
  url.searchParams.set("callbackUrl", request.nextUrl.pathname);
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/((?!api/|_next/static/|_next/image|favicon\\\\.ico$).*)"] };
`;

/** Written beside the twin once both peers are built: what they were built from. */
export const STAMP_FILE = path.join(PEERS[1].dir, ".bench-stamp");

/** What the peers are built from: the peer's source files (not its install or build) and the twin's middleware. */
export function peerStamp(): string {
  if (!existsSync(path.join(PEER_SOURCE, "package.json")))
    throw new Error(`No peer at ${PEER_SOURCE}: set BENCH_PEER_DIR to the folder of better-auth-minimal.`);
  return createHash("sha256")
    .update(
      execFileSync("sh", ["-c", "find . -type f -not -path './node_modules/*' | sort | xargs sha256sum"], {
        cwd: PEER_SOURCE,
      }),
    )
    .update(EDGE_MIDDLEWARE)
    .digest("hex");
}

/** Both peers are built, from the source as it is now (false when there is no peer source at all). */
export function peersCurrent(): boolean {
  if (!existsSync(path.join(PEER_SOURCE, "package.json")) || !existsSync(STAMP_FILE)) return false;
  return readFileSync(STAMP_FILE, "utf8") === peerStamp();
}

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
