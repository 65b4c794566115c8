// npm run audit:verify: re-hashes the whole audit log, oldest entry first, and says whether every
// entry follows the one before it unchanged. Exit code 0 when it does, 1 when it does not (or the
// database cannot be read). Run it after restoring a backup, or whenever the log is in doubt.
import { verifyAuditChain } from "@/lib/audit/verify";

verifyAuditChain({ full: true }).then(
  (verdict) => {
    if (verdict.ok) {
      console.log(`The audit log verifies: ${verdict.count} entries, newest hash ${verdict.headHash}.`);
      process.exit(0);
    }
    console.error(
      `The audit log does NOT verify: entry ${verdict.brokenAtId} (after ${verdict.count} good ones): ${verdict.reason}.`,
    );
    process.exit(1);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
