import { z } from "zod";
import { isAuditAction } from "@/lib/audit/catalogue";
import { isStorableDate } from "@/lib/validation/dates";
import { textInput } from "@/lib/validation/text";

const DAY_MS = 24 * 3600 * 1000;

const optionalDate = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value) return undefined;
    const date = new Date(`${value}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "Use a date like 2026-01-31." });
      return z.NEVER;
    }
    // `to` covers its whole day, so the day after must still be a date every database can store.
    if (!isStorableDate(new Date(date.getTime() + DAY_MS))) {
      ctx.addIssue({ code: "custom", message: "Use a date between 1970-01-01 and 9999-12-30." });
      return z.NEVER;
    }
    return date;
  });

/** Filters from the audit page's query string. `to` is inclusive: it covers that whole day. */
export const auditFiltersSchema = z.object({
  q: textInput("The search cannot contain control characters.")
    .trim()
    .max(254, "Search with at most 254 characters.")
    .toLowerCase()
    .optional()
    .transform((value) => (value ? value : undefined)),
  action: z
    .string()
    .optional()
    .transform((value) => (isAuditAction(value) ? value : undefined)),
  from: optionalDate,
  to: optionalDate.transform((date) => (date ? new Date(date.getTime() + DAY_MS) : undefined)),
});

export type AuditFilters = z.output<typeof auditFiltersSchema>;

/** The id of the last entry on the previous page: audit ids are 32-bit integers in the database. */
export const auditBeforeSchema = z.coerce.number().int().min(1).max(2_147_483_647).optional().catch(undefined);
