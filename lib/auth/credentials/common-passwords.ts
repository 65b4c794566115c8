import { readFileSync } from "node:fs";
import path from "node:path";

let commonPasswords: Set<string> | undefined;

function load(): Set<string> {
  // Read from the repository at run time rather than bundled: the list is ~80 KB of text.
  const file = path.join(process.cwd(), "lib", "auth", "credentials", "common-passwords.txt");
  const lines = readFileSync(file, "utf8").split("\n");
  return new Set(lines.filter((line) => line && !line.startsWith("#")));
}

/**
 * True when the password is on the shipped list, or is a listed password with digits and
 * symbols stuck on the end ("password1234!", "qwertyuiop2024"), or one character repeated.
 */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= load();
  const lowered = password.toLowerCase();
  if (commonPasswords.has(lowered)) return true;
  const base = lowered.replace(/[^a-z]+$/, "");
  if (base.length >= 4 && commonPasswords.has(base)) return true;
  return /^(.)\1*$/.test(lowered);
}
