import { z } from "zod";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/audit/actions-list";

const optionalText = z.string().trim().optional().transform((value) => (value ? value : undefined));
const optionalDate = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
      ctx.addIssue({ code: "custom", message: "Use a date like 2026-01-31." });
      return z.NEVER;
    }
    return new Date(`${value}T00:00:00Z`);
  });

/** Filters from the audit page's query string. `to` is inclusive: it covers that whole day. */
export const auditFiltersSchema = z.object({
  q: optionalText.pipe(z.string().max(254).toLowerCase().optional()),
  action: z
    .string()
    .optional()
    .transform((value) => (value && Object.hasOwn(AUDIT_ACTIONS, value) ? (value as AuditAction) : undefined)),
  from: optionalDate,
  to: optionalDate.transform((date) => (date ? new Date(date.getTime() + 24 * 3600 * 1000) : undefined)),
});

export type AuditFilters = z.output<typeof auditFiltersSchema>;
