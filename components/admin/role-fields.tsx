import { BASE_CAPABILITY, CAPABILITIES, CAPABILITY_LABELS, type Capability } from "@/lib/auth/policy";
import { FormCheckbox, FormField } from "@/components/ui/action-form";

/**
 * A role's label, description and capabilities, as Admin → Roles' forms ask for them. Every role
 * reads articles; a capability the viewer does not hold is listed, and refused by the server if
 * ticked (nobody hands on what they do not hold).
 */
export function RoleFields({
  role,
}: {
  role?: { label: string; description: string; capabilities: readonly Capability[] };
}) {
  return (
    <>
      <FormField name="label" label="Name people read" defaultValue={role?.label} maxLength={40} required />
      <FormField
        name="description"
        label="What it is for (optional)"
        defaultValue={role?.description}
        maxLength={300}
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">What it carries</legend>
        <p className="text-sm muted">Every role can {CAPABILITY_LABELS[BASE_CAPABILITY]} and manage its own account.</p>
        {CAPABILITIES.filter((capability) => capability !== BASE_CAPABILITY).map((capability) => (
          <FormCheckbox
            key={capability}
            name="capabilities"
            value={capability}
            label={`${capability}: ${CAPABILITY_LABELS[capability]}`}
            defaultChecked={role?.capabilities.includes(capability)}
          />
        ))}
      </fieldset>
    </>
  );
}
