import type { Metadata } from "next";
import { verifyAuditChain } from "@/lib/audit/queries";
import { guardPage } from "@/lib/auth/guards/page";
import { AdminHeader } from "@/components/admin/admin-nav";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Verify the audit log" };

export default async function VerifyAuditPage() {
  await guardPage("/admin/audit/verify");
  const verdict = await verifyAuditChain();
  return (
    <div className="space-y-6">
      <AdminHeader
        current="/admin/audit"
        title="Verify the audit log"
        description="Recomputes every entry’s hash from its contents and the entry before it."
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
        {verdict.ok ? (
          <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
            Head hash <code className="break-all font-mono text-xs">{verdict.headHash}</code>. Keep a copy elsewhere
            from time to time: the chain proves nothing was changed or removed before the head you recorded, but cannot
            by itself show entries cut from the end.
          </p>
        ) : null}
      </Card>
    </div>
  );
}
