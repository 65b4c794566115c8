// npm run audit:verify: re-hashes the whole audit log, oldest entry first, and says whether every
// entry follows the one before it unchanged. Exit code 0 when it does, 1 when it does not (or the
// database cannot be read). Run it after restoring a backup, or whenever the log is in doubt.
// Entries not sealed yet are counted, and one that waited past AUDIT_SEAL_LAG_SECONDS fails the
// check (no sealer is running). `--seal-first` seals what is waiting before checking: a restore
// does, as the entries a backup caught unsealed are as committed as the others.
import { sealAuditChain } from "@/lib/audit/seal";
import { verifyAuditChain } from "@/lib/audit/verify";

async function main() {
  if (process.argv.includes("--seal-first")) {
    const sealed = await sealAuditChain();
    if (sealed > 0) console.log(`Sealed ${sealed} entries that were waiting for the sealer.`);
  }
  const verdict = await verifyAuditChain({ full: true });
  const waiting = verdict.unsealed.waiting ? ` ${verdict.unsealed.waiting} newer entries wait to be sealed.` : "";
  if (verdict.ok) {
    console.log(`The audit log verifies: ${verdict.count} entries, newest hash ${verdict.headHash}.${waiting}`);
    process.exit(0);
  }
  console.error(
    `The audit log does NOT verify: entry ${verdict.brokenAtId} (after ${verdict.count} good ones): ${verdict.reason}.`,
  );
  process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
