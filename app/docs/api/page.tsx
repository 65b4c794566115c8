import type { Metadata } from "next";
import Link from "next/link";
import { API_OPERATIONS } from "@/lib/api/openapi";
import { SCOPES } from "@/lib/auth/policy";
import { env } from "@/lib/env";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "REST API" };

const METHOD_COLOURS: Record<string, string> = {
  get: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
  post: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  patch: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  delete: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
};

export default function ApiDocsPage() {
  const origin = env.appOrigin;
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">REST API</h1>
        <p className="text-sm muted">
          Read and write articles from other applications. The machine-readable description is{" "}
          <a href="/api/v1/openapi.json" className="font-medium text-indigo-600 dark:text-indigo-400">
            OpenAPI 3.1 at /api/v1/openapi.json
          </a>
          . Apps that act for other people get their tokens through{" "}
          <Link href="/docs/oauth" className="font-medium text-indigo-600 dark:text-indigo-400">
            OAuth
          </Link>
          .
        </p>
      </div>
      <Card title="Try it">
        <ol className="list-decimal space-y-2 pl-5 text-sm">
          <li>
            Create a token in{" "}
            <Link href="/settings/tokens" className="font-medium text-indigo-600 dark:text-indigo-400">
              Settings → API tokens
            </Link>{" "}
            with the <code>articles:read</code> scope.
          </li>
          <li>
            Call the API with it:
            <pre
              tabIndex={0}
              aria-label="Example requests"
              className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100"
            >
              <code>{`export GATEHOUSE_TOKEN=gat_…   # the token you copied
curl -s -H "Authorization: Bearer $GATEHOUSE_TOKEN" ${origin}/api/v1/articles?limit=5

curl -s -X POST -H "Authorization: Bearer $GATEHOUSE_TOKEN" -H "Content-Type: application/json" \\
  -d '{"title":"From the API","body":"Hello"}' ${origin}/api/v1/articles`}</code>
            </pre>
          </li>
        </ol>
      </Card>
      <Card title="Endpoints">
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {API_OPERATIONS.map((op) => (
            <li
              key={`${op.method} ${op.path}`}
              className="flex flex-col gap-1 py-3 sm:flex-row sm:items-center sm:gap-4"
            >
              <span
                className={`w-16 rounded px-2 py-0.5 text-center font-mono text-xs font-semibold uppercase ${METHOD_COLOURS[op.method]}`}
              >
                {op.method}
              </span>
              <code className="font-mono text-sm">{op.path}</code>
              <span className="text-sm muted">{op.summary}</span>
              <code className="ml-auto text-xs muted">{op.scope}</code>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Rules">
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700 dark:text-slate-300">
          <li>
            Send the token only as <code>Authorization: Bearer gat_…</code>; tokens in the URL or body are refused.
            Browser sessions do not authorize the API.
          </li>
          <li>
            A token may use a capability when it has the scope (
            {Object.entries(SCOPES)
              .map(([scope, caps]) => `${scope} → ${caps.join(" + ")}`)
              .join("; ")}
            ) and its owner’s role allows it at the time of the request. Demote the owner and the token loses power at
            once; disable the owner and every token stops working.
          </li>
          <li>
            Errors are JSON <code>{`{ "error": "code", "message": "…" }`}</code>: 400, 401, 403, 404, 409, 413, 415, 422
            and 429, with <code>WWW-Authenticate</code> on 401 and 403.
          </li>
          <li>
            Rate limits apply per token and per address; every answer carries <code>RateLimit-Limit</code>,{" "}
            <code>RateLimit-Remaining</code> and <code>RateLimit-Reset</code>, and a 429 carries{" "}
            <code>Retry-After</code>.
          </li>
          <li>
            Lists are paginated with <code>limit</code> (at most 100) and the <code>nextCursor</code> of the previous
            page.
          </li>
        </ul>
      </Card>
    </div>
  );
}
