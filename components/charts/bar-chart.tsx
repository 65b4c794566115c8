import type { DayWindow } from "@/lib/stats/days";

const dayLabel = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

export type Series = { label: string; values: number[]; className: string; swatchClassName: string };

/**
 * Daily bars for one or two series, drawn as SVG on the server: no chart library, no script, and it
 * scales to any width. Screen readers get the same numbers as a table.
 */
export function DailyBarChart({
  title,
  days,
  series,
  testId,
}: {
  title: string;
  days: DayWindow[];
  series: Series[];
  testId: string;
}) {
  const width = 600;
  const height = 160;
  const top = 8;
  const bottom = 4;
  const max = Math.max(1, ...series.flatMap((one) => one.values));
  const slot = width / days.length;
  const barWidth = Math.max(2, (slot - 4) / series.length);
  const totals = series
    .map(
      (one) => `${one.values.reduce((sum, value) => sum + value, 0).toLocaleString("en")} ${one.label.toLowerCase()}`,
    )
    .join(", ");
  const scale = (value: number) => ((height - top - bottom) * value) / max;
  return (
    <figure className="space-y-2" data-testid={testId}>
      <figcaption className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="text-sm font-semibold">{title}</span>
        <span className="flex flex-wrap gap-3 text-xs muted">
          {series.map((one) => (
            <span key={one.label} className="inline-flex items-center gap-1">
              <span aria-hidden="true" className={`inline-block size-2.5 rounded-sm ${one.swatchClassName}`} />
              {one.label}: {one.values.reduce((sum, value) => sum + value, 0).toLocaleString("en")}
            </span>
          ))}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="h-40 w-full"
        role="img"
        aria-label={`${title}, last ${days.length} days: ${totals}.`}
        preserveAspectRatio="none"
      >
        <line
          x1="0"
          x2={width}
          y1={height - bottom}
          y2={height - bottom}
          className="stroke-slate-300 dark:stroke-slate-700"
          strokeWidth="1"
        />
        {days.map((day, dayIndex) =>
          series.map((one, seriesIndex) => {
            const value = one.values[dayIndex] ?? 0;
            const barHeight = scale(value);
            return (
              <rect
                key={`${dayIndex}-${seriesIndex}`}
                x={dayIndex * slot + 2 + seriesIndex * barWidth}
                y={height - bottom - barHeight}
                width={barWidth}
                height={barHeight}
                className={one.className}
              >
                <title>{`${dayLabel.format(day.start)}: ${value} ${one.label.toLowerCase()}`}</title>
              </rect>
            );
          }),
        )}
      </svg>
      <div aria-hidden="true" className="flex justify-between text-[11px] muted">
        {[0, Math.floor(days.length / 2), days.length - 1].map((index) => (
          <span key={index}>{dayLabel.format(days[index].start)}</span>
        ))}
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {series.map((one) => (
              <th key={one.label} scope="col">
                {one.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((day, index) => (
            <tr key={index}>
              <th scope="row">{dayLabel.format(day.start)}</th>
              {series.map((one) => (
                <td key={one.label}>{one.values[index] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** Horizontal bars for a few labelled counts (people by role). */
export function CountBars({
  title,
  rows,
  testId,
}: {
  title: string;
  rows: Array<{ label: string; value: number }>;
  testId: string;
}) {
  const max = Math.max(1, ...rows.map((row) => row.value));
  return (
    <figure className="space-y-2" data-testid={testId}>
      <figcaption className="text-sm font-semibold">{title}</figcaption>
      <dl className="space-y-2">
        {rows.map((row) => (
          <div key={row.label} className="grid grid-cols-[5rem_1fr_3rem] items-center gap-3 text-sm">
            <dt>{row.label}</dt>
            <dd className="h-3 rounded bg-slate-100 dark:bg-slate-800" aria-hidden="true">
              <div className="h-3 rounded bg-indigo-500" style={{ width: `${(100 * row.value) / max}%` }} />
            </dd>
            <dd className="text-right tabular-nums">{row.value.toLocaleString("en")}</dd>
          </div>
        ))}
      </dl>
    </figure>
  );
}
