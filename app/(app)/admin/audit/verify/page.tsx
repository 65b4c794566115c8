import type { Metadata } from "next";
import { ensureSealer } from "@/lib/audit/sealer";
import { verifyAuditChain } from "@/lib/audit/verify";
import { guardPage } from "@/lib/auth/guards/page";
import { AdminHeader } from "@/components/admin/admin-nav";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Verify the audit log" };

export default async function VerifyAuditPage() {
  const viewer = await guardPage("/admin/audit/verify");
  // An instance that has not written since it started seals what is waiting from now on.
  ensureSealer();
  const verdict = await verifyAuditChain();
  return (
    <div className="space-y-6">
      <AdminHeader
        person={viewer}
        current="/admin/audit"
        title="Verify the audit log"
        description="Recomputes each new entry’s hash from its contents and the entry before it, starting from the last signed checkpoint."
      />
      <Card>
        <div data-testid="chain-verdict" data-ok={verdict.ok}>
          {verdict.ok ? (
            <Alert tone="success">
              The chain is intact: {verdict.count.toLocaleString("en")} entries, each following the one before.
            </Alert>
          ) : (
            <Alert tone="error">
              The chain is broken at entry #{verdict.brokenAtId}: {verdict.reason}. {verdict.count.toLocaleString("en")}{" "}
              entries before it verify.
            </Alert>
          )}
        </div>
        <p className="mt-4 text-sm muted" data-testid="chain-scope">
          {verdict.since
            ? `Re-hashed ${verdict.checked.toLocaleString("en")} entries added since the checkpoint signed at entry #${verdict.since}, after confirming that entry is unchanged.`
            : `Re-hashed all ${verdict.checked.toLocaleString("en")} entries.`}{" "}
          <code className="font-mono text-xs">npm run audit:verify</code> re-hashes every entry from the first.
        </p>
        <p className="mt-4 text-sm muted" data-testid="chain-unsealed">
          {verdict.unsealed.waiting === 0
            ? "Every entry is sealed into the chain."
            : `${verdict.unsealed.waiting.toLocaleString("en")} newer ${verdict.unsealed.waiting === 1 ? "entry waits" : "entries wait"} to be sealed: each gets its hash within seconds of being written, from a sealer every instance runs.`}
        </p>
        {verdict.ok ? (
          <p className="mt-4 text-sm muted">
            Head hash <code className="break-all font-mono text-xs">{verdict.headHash}</code>. Keep a copy elsewhere
            from time to time: the chain proves nothing was changed or removed before the head you recorded, but cannot
            by itself show entries cut from the end.
          </p>
        ) : null}
      </Card>
    </div>
  );
}
