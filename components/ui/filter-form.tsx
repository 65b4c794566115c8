import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** A GET search form in a card: the fields go in the query string, so results can be linked and paged. */
export function FilterForm({
  action,
  columns,
  submitLabel,
  children,
}: {
  action: string;
  columns: string;
  submitLabel: string;
  children: React.ReactNode;
}) {
  return (
    <Card>
      <form method="get" action={action} className={`grid items-end gap-4 ${columns}`} role="search">
        {children}
        <Button type="submit">{submitLabel}</Button>
      </form>
    </Card>
  );
}
