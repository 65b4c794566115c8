import type { Metadata } from "next";
import { z } from "zod";
import { findPersonByEmail } from "@/lib/people/queries";
import { guardPage } from "@/lib/auth/guards/page";
import { CAPABILITIES, CAPABILITY_LABELS, ROUTE_RULES, explainAccess, type Capability } from "@/lib/auth/policy";
import { emailSchema } from "@/lib/auth/credentials/schemas";
import { withCapabilities } from "@/lib/roles/queries";
import { AdminHeader } from "@/components/admin/admin-nav";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";

export const metadata: Metadata = { title: "Explain access" };

const questionSchema = z.object({
  email: emailSchema,
  // Either a page path ("/editor/articles/1") or "capability:<name>".
  target: z.union([
    z.string().regex(/^\/[^\s]{0,500}$/, "Enter a path that starts with /."),
    z.enum(CAPABILITIES.map((capability) => `capability:${capability}`) as [string, ...string[]]),
  ]),
});

export default async function ExplainAccessPage({ searchParams }: PageProps<"/admin/access">) {
  const viewer = await guardPage("/admin/access");
  const search = await searchParams;
  const asked = typeof search.email === "string" && typeof search.target === "string";
  const parsed = asked ? questionSchema.safeParse({ email: search.email, target: search.target }) : null;
  const found = parsed?.success ? await findPersonByEmail(parsed.data.email) : null;
  // A custom role's capabilities as stored now, so the explanation is the one every check makes.
  const person = found && (await withCapabilities(found));
  const target = parsed?.success ? parsed.data.target : undefined;
  const explanation =
    person && target
      ? explainAccess(
          {
            email: person.email,
            role: person.role,
            capabilities: person.capabilities,
            disabled: Boolean(person.disabledAt),
          },
          target.startsWith("capability:")
            ? { capability: target.slice("capability:".length) as Capability }
            : { path: target },
        )
      : null;

  const targetOptions = [
    ...ROUTE_RULES.map((rule) => ({ value: rule.samplePath, label: `Page ${rule.samplePath}` })),
    ...CAPABILITIES.map((capability) => ({
      value: `capability:${capability}`,
      label: `Capability: ${CAPABILITY_LABELS[capability]}`,
    })),
  ];

  return (
    <div className="space-y-6">
      <AdminHeader
        person={viewer}
        current="/admin/access"
        title="Explain access"
        description="Pick a person and a page or capability to see whether they have it, and why."
      />
      <Card>
        <form method="get" action="/admin/access" className="grid items-end gap-4 sm:grid-cols-[2fr_2fr_auto]">
          <TextField
            name="email"
            label="Person’s email"
            type="email"
            defaultValue={typeof search.email === "string" ? search.email : ""}
            required
          />
          <SelectField
            name="target"
            label="Page or capability"
            value={typeof search.target === "string" ? search.target : undefined}
            options={targetOptions}
          />
          <Button type="submit">Explain</Button>
        </form>
      </Card>
      {parsed && !parsed.success ? <Alert tone="error">{parsed.error.issues[0]?.message}</Alert> : null}
      {parsed?.success && !person ? <Alert tone="error">Nobody has the email {parsed.data.email}.</Alert> : null}
      {explanation ? (
        <Card
          title={explanation.allowed ? "Allowed" : "Denied"}
          data-testid="access-explanation"
          data-allowed={explanation.allowed}
        >
          <ol className="list-decimal space-y-1 pl-5 text-sm">
            {explanation.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </Card>
      ) : null}
    </div>
  );
}
