import { PendingLink as Link } from "@/components/pending-link";
import { buttonClasses } from "@/components/ui/button";

/**
 * A list of records: a table with column headings on wider screens, and below the `sm` breakpoint
 * the same markup laid out as one card per row, each cell labelled by its column (from `label` on
 * <Cell>), so a phone never scrolls sideways. Rows are <tr>s of <Cell>s.
 */
export function DataTable({
  columns,
  rowCount,
  emptyMessage,
  testId,
  caption,
  children,
}: {
  columns: React.ReactNode[];
  rowCount: number;
  emptyMessage: string;
  testId: string;
  /** What the table lists, for screen readers. */
  caption: string;
  children: React.ReactNode;
}) {
  // The wrapper stays whether or not there are rows, so focus can land on it when the last row goes.
  return (
    <div data-focus-region className="focus:outline-none">
      {rowCount === 0 ? <p className="text-sm muted">{emptyMessage}</p> : null}
      <table hidden={rowCount === 0} className="w-full text-left text-sm max-sm:block" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs text-slate-600 uppercase max-sm:sr-only dark:text-slate-400">
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col" className={index === columns.length - 1 ? "py-2" : "py-2 pr-4"}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 max-sm:block max-sm:space-y-3 max-sm:divide-y-0 dark:divide-slate-800">
          {children}
        </tbody>
      </table>
    </div>
  );
}

/** Classes for a row: a card on phones, a table row elsewhere. */
export const rowClasses =
  "align-top max-sm:block max-sm:rounded-lg max-sm:border max-sm:border-slate-200 max-sm:p-3 max-sm:dark:border-slate-800";

/** One cell; on phones it shows its column's label before its content. */
export function Cell({
  label,
  children,
  className = "",
  last = false,
}: {
  label: string;
  children?: React.ReactNode;
  className?: string;
  last?: boolean;
}) {
  return (
    <td
      data-label={label}
      className={`py-3 ${last ? "" : "sm:pr-4"} max-sm:flex max-sm:gap-3 max-sm:py-1 max-sm:before:w-24 max-sm:before:shrink-0 max-sm:before:text-xs max-sm:before:font-medium max-sm:before:text-slate-600 max-sm:before:content-[attr(data-label)] max-sm:dark:before:text-slate-400 ${className}`}
    >
      <div className="min-w-0 flex-1 break-words">{children}</div>
    </td>
  );
}

/**
 * Paging for a keyset-paginated list: where the page sits ("26–50"), Previous and Next. `position`
 * is the first row's number on this page (1-based).
 */
export function Pager({
  previous,
  next,
  position,
  shown,
  previousLabel = "Previous",
  nextLabel = "Next",
}: {
  previous?: string;
  next?: string;
  position?: number;
  shown?: number;
  previousLabel?: string;
  nextLabel?: string;
}) {
  if (!previous && !next) return null;
  return (
    <nav aria-label="Pages" className="mt-4 flex flex-wrap items-center gap-3">
      {previous ? (
        <Link href={previous} className={buttonClasses("secondary")} rel="prev">
          {previousLabel}
        </Link>
      ) : null}
      {next ? (
        <Link href={next} className={buttonClasses("secondary")} rel="next">
          {nextLabel}
        </Link>
      ) : null}
      {position && shown ? (
        <span className="text-sm muted" data-testid="page-position">
          Showing {position.toLocaleString("en")}–{(position + shown - 1).toLocaleString("en")}
        </span>
      ) : null}
    </nav>
  );
}
