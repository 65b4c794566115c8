// The floor every page's Content-Security-Policy keeps (issue #36: whatever is cut for speed, the policy
// stays at least this strong). Read by a unit test of lib/http/security-headers.ts and by the browser
// pass against the policy the production build actually sends.

/**
 * The policy's directives by name, each with its sources. A browser obeys the first of a repeated
 * directive and ignores the rest (CSP 3, "parse a serialized CSP"): so does this.
 */
export function cspDirectives(csp: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of csp.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

const SCRIPT_SOURCE =
  /^('self'|'strict-dynamic'|'nonce-[A-Za-z0-9+/_-]{22,}={0,2}'|'sha(256|384|512)-[A-Za-z0-9+/]+={0,2}')$/;

/** What is weaker than the floor in `csp`; empty when it holds. `formAction` is what form-action allows. */
export function cspProblems(csp: string, formAction: readonly string[] = ["'self'"]): string[] {
  const directives = cspDirectives(csp);
  const problems: string[] = [];
  const names = csp
    .split(";")
    .map((part) => part.trim().split(/\s+/)[0]?.toLowerCase())
    .filter(Boolean);
  for (const name of new Set(names.filter((name, index) => names.indexOf(name) !== index)))
    problems.push(`${name} appears twice (a browser obeys only the first)`);
  const script = directives.get("script-src");
  if (!script) problems.push("no script-src (scripts would fall back to default-src)");
  // script-src-elem and script-src-attr override script-src for <script> elements and event handlers.
  for (const name of ["script-src", "script-src-elem", "script-src-attr"]) {
    const sources = directives.get(name);
    if (!sources) continue;
    for (const source of sources)
      if (!SCRIPT_SOURCE.test(source)) problems.push(`${name} allows ${source}: only a nonce, a hash or 'self'`);
    if (!sources.some((source) => source.startsWith("'nonce-") || source.startsWith("'sha")))
      problems.push(`${name} has neither a nonce nor a hash`);
  }
  for (const name of ["object-src", "base-uri", "frame-ancestors"])
    if (directives.get(name)?.join(" ") !== "'none'") problems.push(`${name} is not 'none'`);
  const form = directives.get("form-action");
  if (form?.join(" ") !== formAction.join(" "))
    problems.push(`form-action is ${form?.join(" ") ?? "missing"}, not ${formAction.join(" ")}`);
  return problems;
}
