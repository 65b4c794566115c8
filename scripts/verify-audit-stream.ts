// npm run audit:verify-stream -- <file>: checks a captured audit stream (AUDIT_SYSLOG_URL), on the
// receiving side, with nothing but the file: every entry's hash recomputed, no gap, no edit. The file
// is the stream as received (octet-counted syslog frames) or one message per line.
import { readFileSync } from "node:fs";
import { unframe } from "../lib/audit/syslog";
import { verifyStream } from "../lib/audit/stream-verify";

const file = process.argv[2];
if (!file) {
  console.error("Usage: npm run audit:verify-stream -- <file of the captured stream>");
  process.exit(2);
}
let raw: Buffer;
try {
  raw = readFileSync(file);
} catch (error) {
  console.error(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
const framed = /^\d+ </.test(raw.subarray(0, 12).toString("latin1"));
let messages: string[];
try {
  messages = framed ? unframe(raw) : raw.toString("utf8").split(/\r?\n/).filter(Boolean);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
const report = verifyStream(messages);
if (report.ok) {
  console.log(
    `OK: ${report.entries} entries, ${report.first} to ${report.last}, each hash recomputed, none missing` +
      (report.duplicates ? ` (${report.duplicates} received twice, counted once)` : "") +
      ".",
  );
  if (report.first !== 1) console.log(`The capture starts at entry ${report.first}: the ones before are not in it.`);
  console.log(
    `Last hash: ${report.lastHash}. Compare it with the head Gatehouse shows (Admin → Audit log → Verify) or the same entry in a later capture: that proves the end was not rewritten.`,
  );
} else {
  console.error(`NOT OK: ${report.entries} entries (${report.first ?? "-"} to ${report.last ?? "-"}).`);
  for (const problem of report.problems) console.error(`- ${problem}`);
  process.exit(1);
}
