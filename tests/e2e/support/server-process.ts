import { existsSync, readFileSync } from "node:fs";

/** The e2e server's resident memory in MB, from /proc (Linux), or null where that cannot be read. */
export function serverResidentMb(): number | null {
  const pidFile = "tests/.tmp/e2e-server.pid";
  if (!existsSync(pidFile)) return null;
  const status = `/proc/${readFileSync(pidFile, "utf8").trim()}/status`;
  if (!existsSync(status)) return null;
  const kb = Number(readFileSync(status, "utf8").match(/^VmRSS:\s+(\d+) kB/m)?.[1]);
  return Number.isFinite(kb) ? kb / 1024 : null;
}
