// A PostgreSQL server and a Redis of a test's own, for tests that stop, restart or kill them: never
// the machine's shared ones, which other tests (and other runs) are using.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const hasRedisServer = spawnSync("sh", ["-c", "command -v redis-server"], { stdio: "ignore" }).status === 0;

/** A redis-server on `port` that keeps nothing on disk; resolves once it accepts connections. */
export async function startRedis(port) {
  const redis = spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  await new Promise((resolve, reject) => {
    redis.stdout.on("data", (chunk) => {
      if (chunk.toString().includes("Ready to accept connections")) resolve();
    });
    redis.on("error", reject);
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    kill: () =>
      new Promise((resolve) => {
        if (redis.exitCode !== null) return resolve();
        redis.once("exit", () => resolve());
        redis.kill("SIGKILL");
      }),
  };
}

/** Debian keeps PostgreSQL's server programs out of PATH, under /usr/lib/postgresql/<version>/bin. */
function postgresBin(name) {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const candidate = path.join(root, version, "bin", name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return name;
}

export const hasPostgresServer = spawnSync(postgresBin("initdb"), ["--version"], { stdio: "ignore" }).status === 0;

/**
 * A PostgreSQL cluster of the test's own on `port` (initdb, then pg_ctl), with trust authentication
 * on loopback. PostgreSQL refuses to run as root: as root (CI) its programs run as the `postgres`
 * user, who owns the cluster's folder.
 */
export function startPostgresCluster(port) {
  const asRoot = process.getuid?.() === 0;
  const run = (program, args) =>
    execFileSync(
      asRoot ? "runuser" : postgresBin(program),
      asRoot ? ["-u", "postgres", "--", postgresBin(program), ...args] : args,
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
  const folder = mkdtempSync(path.join(os.tmpdir(), "gatehouse-pg-"));
  if (asRoot) execFileSync("chown", ["postgres:postgres", folder]);
  const data = path.join(folder, "data");
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c max_connections=100`;
  const cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () => run("pg_ctl", ["-D", data, "-l", path.join(folder, "log"), "-o", options, "-w", "-t", "30", "start"]),
    /**
     * Stops every process of the cluster (SIGSTOP) without closing a socket: a server that hangs, as a
     * frozen VM or a stuck disk would make it. `thaw` lets them go on.
     */
    freeze: () => signalCluster("STOP"),
    thaw: () => signalCluster("CONT"),
    /** "fast" ends every session (each client sees its connection closed) and shuts down cleanly. */
    stop: (mode = "fast") => run("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "30", "stop"]),
    destroy: () => {
      try {
        cluster.stop("immediate");
      } catch {}
      rmSync(folder, { recursive: true, force: true });
    },
  };
  function signalCluster(signal) {
    const postmaster = readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0].trim();
    // Its children, from /proc: the fourth field of /proc/<pid>/stat is the parent's pid.
    const children = readdirSync("/proc").filter((pid) => {
      if (!/^\d+$/.test(pid)) return false;
      try {
        return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ")[1] === postmaster;
      } catch {
        return false;
      }
    });
    for (const pid of [postmaster, ...children]) process.kill(Number(pid), `SIG${signal}`);
  }
  cluster.start();
  return cluster;
}
