import { formatDateTime, formatRelative } from "@/lib/format";

/** A time as people say it ("3 minutes ago"), with the exact UTC time on hover and for machines. */
export function RelativeTime({ date, className }: { date: Date; className?: string }) {
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)} className={className}>
      {formatRelative(date)}
    </time>
  );
}
