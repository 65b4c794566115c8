import { spawn, type ChildProcess } from "node:child_process";

// Example programs (examples/) run as their users would run them, with what they print collected.

const running: ChildProcess[] = [];

/** Starts `node <args>`; stopped by stopStarted (call it after each test). */
export function startNode(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  running.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { output: () => output, exited };
}

export function stopStarted() {
  for (const child of running.splice(0)) child.kill();
}
