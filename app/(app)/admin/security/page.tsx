import type { Metadata } from "next";
import { guardPage } from "@/lib/auth/guards/page";
import { secondFactorRequired } from "@/lib/auth/policy";
import { listRoles } from "@/lib/roles/queries";
import { setSecondFactorRolesAction } from "@/lib/actions/second-factor";
import { setAppReviewAction } from "@/lib/actions/apps";
import { appReviewRules, secondFactorChoices } from "@/lib/settings/queries";
import { AdminHeader } from "@/components/admin/admin-nav";
import { ActionForm, FormCheckbox } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { SelectField } from "@/components/ui/select-field";

export const metadata: Metadata = { title: "Security settings" };

export default async function AdminSecurityPage() {
  const viewer = await guardPage("/admin/security");
  const [roles, choices, rules] = await Promise.all([listRoles(), secondFactorChoices(), appReviewRules()]);
  return (
    <div className="space-y-6">
      <AdminHeader
        person={viewer}
        current="/admin/security"
        title="Security"
        description="Which roles must use two-step sign-in, and which new apps may come and whether they wait for an admin's approval."
      />
      <Card title="Required two-step sign-in">
        <div className="space-y-4">
          <p className="text-sm muted">
            Someone in a ticked role who has no authenticator app is sent to set one up at their next request, and can
            do nothing else until they have. This also applies to sign-in with an external provider: Gatehouse then asks
            for its own code after the provider, whatever the provider checked. A role made later must use it when it
            can change roles or manage people, security or roles, until you choose here.
          </p>
          <ActionForm
            id="second-factor-roles"
            action={setSecondFactorRolesAction}
            fields={{
              shown: roles.map((role) => role.name).join(","),
              was: roles
                .filter((role) => secondFactorRequired({ role: role.name, capabilities: role.capabilities }, choices))
                .map((role) => role.name)
                .join(","),
            }}
            submitLabel="Save"
            pendingLabel="Saving…"
          >
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium">Roles that must use two-step sign-in</legend>
              {roles.map((role) => (
                <FormCheckbox
                  key={role.name}
                  name="roles"
                  value={role.name}
                  label={`${role.label} (${role.capabilities.join(", ")})`}
                  defaultChecked={secondFactorRequired({ role: role.name, capabilities: role.capabilities }, choices)}
                />
              ))}
            </fieldset>
          </ActionForm>
        </div>
      </Card>
      <Card title="New apps">
        <div className="space-y-4">
          <p className="text-sm muted">
            When ticked, an app someone registers (or changes: its name, logo, redirect URIs or scopes) cannot sign
            anyone in until an admin approves it under Admin → Apps. Its owner sees that it is waiting. Apps admins
            register are approved at once.
          </p>
          <ActionForm id="app-review" action={setAppReviewAction} submitLabel="Save" pendingLabel="Saving…">
            <FormCheckbox
              name="held"
              label="Hold apps people register until an admin approves them"
              defaultChecked={rules.peopleHeld}
            />
            <p className="text-sm muted">
              Apps Gatehouse has never seen, such as AI agents and MCP clients, can register themselves (OAuth dynamic
              client registration) or be known by the address of their own metadata (a client ID metadata document).
              Nobody here vouches for them: they never skip the consent page, have no secret and no service role. Those
              already known keep working when this is off; disable or refuse one under Admin → Apps.
            </p>
            <SelectField
              name="unknownApps"
              label="Apps Gatehouse has never seen"
              value={rules.unknownApps}
              options={[
                { value: "off", label: "Off: only apps people register here" },
                { value: "held", label: "Held: they wait for an admin's approval" },
                { value: "allowed", label: "Allowed: they work at once (people still consent)" },
              ]}
            />
          </ActionForm>
        </div>
      </Card>
    </div>
  );
}
