export function Card({
  title,
  children,
  actions,
  ...rest
}: { title?: string; children: React.ReactNode; actions?: React.ReactNode } & React.HTMLAttributes<HTMLElement>) {
  return (
    <section
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
      {...rest}
    >
      {title || actions ? (
        <div className="mb-4 flex items-center justify-between gap-4">
          {title ? <h2 className="text-base font-semibold">{title}</h2> : <span />}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}
