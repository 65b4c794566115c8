import Form from "next/form";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";

/**
 * A search form in a card. The fields go in the query string (results can be linked and paged); Next's
 * <Form> navigates on the client, and the button shows that the search is running until it lands.
 */
export function FilterForm({
  action,
  columns,
  submitLabel,
  pendingLabel,
  children,
}: {
  action: string;
  columns: string;
  submitLabel: string;
  pendingLabel: string;
  children: React.ReactNode;
}) {
  return (
    <Card>
      <Form action={action} className={`grid items-end gap-4 ${columns}`} role="search">
        {children}
        <SubmitButton pendingLabel={pendingLabel}>{submitLabel}</SubmitButton>
      </Form>
    </Card>
  );
}
