import type { Metadata } from "next";
import Link from "next/link";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import {
  BUILT_IN_ROLES,
  SCOPE_DESCRIPTIONS,
  lowestRoleWith,
  scopeFor,
  widerForm,
  type Capability,
} from "@/lib/auth/policy";
import { MCP_RESOURCE, resourceMetadataUrl } from "@/lib/auth/oauth-server/resources";
import { TOOLS, TOOL_NAMES } from "@/lib/mcp/tools";
import { Card } from "@/components/ui/card";
import { appReviewRules } from "@/lib/settings/queries";

export const metadata: Metadata = { title: "Connect an AI agent" };
// It says what Admin → Security accepts now, so it is rendered per request, not at build time.
export const dynamic = "force-dynamic";

/** "the writer role or above", or just "the admin role" for the top one; a power over one's own articles says so. */
function roleNeeded(capability: Capability): string {
  const role = lowestRoleWith(capability);
  const wider = widerForm(capability);
  const needed = role === BUILT_IN_ROLES[BUILT_IN_ROLES.length - 1] ? `the ${role} role` : `the ${role} role or above`;
  return wider ? `${needed} for the articles the person wrote (${roleNeeded(wider)} for anyone's)` : needed;
}

const linkClasses = "font-medium text-indigo-700 underline dark:text-indigo-300";

export default async function AgentsDocsPage() {
  const mcp = MCP_RESOURCE();
  // What this organisation accepts now (Admin → Security), so the page never promises more.
  const { unknownApps } = await appReviewRules();
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Connect an AI agent</h1>
        <p className="text-sm muted">
          Gatehouse is an MCP server (Streamable HTTP, protocol revision {LATEST_PROTOCOL_VERSION} and earlier ones). An
          agent acts for the person who authorizes it, with the scopes they grant, within what their role allows at the
          time of each call.
        </p>
      </div>
      <Card title="The address">
        <p className="text-sm">
          Give your MCP client this URL: <code className="font-mono break-all">{mcp}</code>. Asked without a token, it
          answers 401 and names its{" "}
          <a href={resourceMetadataUrl("mcp")} className={linkClasses}>
            protected-resource metadata
          </a>{" "}
          (RFC 9728), which names Gatehouse&apos;s authorization server. The client then signs the person in with
          authorization code and PKCE, asking for <code>resource={mcp}</code> (RFC 8707): only such tokens work here,
          and they work nowhere else. Personal tokens and tokens for the REST API are refused here.
        </p>
        <p className="mt-3 text-sm" data-testid="unknown-apps-rule">
          {unknownApps === "off"
            ? "This organisation accepts only agents someone here registered: "
            : `A client may register itself (dynamic client registration) or name the https URL of its metadata document${unknownApps === "held" ? "; it then waits for an admin's approval" : ""}. Or `}
          register the agent as a public app in{" "}
          <Link href="/settings/apps" className={linkClasses}>
            Settings → OAuth apps
          </Link>{" "}
          with its redirect URI, and give the client its client id.
        </p>
      </Card>
      <Card title="Tools">
        <ul className="space-y-2 text-sm">
          {TOOL_NAMES.map((name) => {
            const scope = scopeFor(TOOLS[name].capability)!;
            return (
              <li key={name}>
                <code className="font-mono">{name}</code> — {TOOLS[name].description} Needs <code>{scope}</code> (
                {SCOPE_DESCRIPTIONS[scope].toLowerCase()}) and {roleNeeded(TOOLS[name].capability)}.
              </li>
            );
          })}
        </ul>
        <p className="mt-3 text-sm muted">
          An agent sees only the tools it may call now. A call beyond the granted scopes gets 403 with{" "}
          <code>error=&quot;insufficient_scope&quot;</code> and the scope to ask the person for; a call the
          person&apos;s role does not allow is refused in the tool&apos;s answer, since asking again cannot help. Each
          change is in the audit log under the person, naming the agent.
        </p>
      </Card>
    </div>
  );
}
