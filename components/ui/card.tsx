export function Card({
  title,
  children,
  actions,
  ...rest
}: { title?: string; children: React.ReactNode; actions?: React.ReactNode } & React.HTMLAttributes<HTMLElement>) {
  return (
    <section className="card" {...rest}>
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
