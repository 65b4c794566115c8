import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

/** A scrollable table with column headings, or a sentence when there are no rows. */
export function DataTable({
  columns,
  rowCount,
  emptyMessage,
  testId,
  children,
}: {
  columns: React.ReactNode[];
  rowCount: number;
  emptyMessage: string;
  testId: string;
  children: React.ReactNode;
}) {
  if (rowCount === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">{emptyMessage}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col" className={index === columns.length - 1 ? "py-2" : "py-2 pr-4"}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">{children}</tbody>
      </table>
    </div>
  );
}

/** Links back to the start and on to the next page of a keyset-paginated list. */
export function Pager({
  first,
  next,
  firstLabel = "First page",
  nextLabel = "Next page",
}: {
  first?: string;
  next?: string;
  firstLabel?: string;
  nextLabel?: string;
}) {
  if (!first && !next) return null;
  return (
    <nav aria-label="Pages" className="mt-4 flex gap-3">
      {first ? (
        <Link href={first} className={buttonClasses("secondary")}>
          {firstLabel}
        </Link>
      ) : null}
      {next ? (
        <Link href={next} className={buttonClasses("secondary")} rel="next">
          {nextLabel}
        </Link>
      ) : null}
    </nav>
  );
}
