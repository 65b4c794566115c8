// The floor every page's Content-Security-Policy keeps (issue #36: whatever is cut for speed, the policy
// stays at least this strong). Read by a unit test of lib/http/security-headers.ts and by the browser
// pass against the policy the production build actually sends.

/** The policy's directives by name, each with its sources. */
export function cspDirectives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name!.toLowerCase(), sources]),
  );
}

const SCRIPT_SOURCE = /^('self'|'strict-dynamic'|'nonce-[A-Za-z0-9+/_-]{22,}={0,2}'|'sha(256|384|512)-[A-Za-z0-9+/]+={0,2}')$/;

/** What is weaker than the floor in `csp`; empty when it holds. `formAction` is what form-action allows. */
export function cspProblems(csp: string, formAction: readonly string[] = ["'self'"]): string[] {
  const directives = cspDirectives(csp);
  const problems: string[] = [];
  const script = directives.get("script-src");
  if (!script) problems.push("no script-src (scripts would fall back to default-src)");
  else {
    for (const source of script)
      if (!SCRIPT_SOURCE.test(source)) problems.push(`script-src allows ${source}: only a nonce, a hash or 'self'`);
    if (!script.some((source) => source.startsWith("'nonce-") || source.startsWith("'sha")))
      problems.push("script-src has neither a nonce nor a hash");
  }
  for (const name of ["object-src", "base-uri", "frame-ancestors"])
    if (directives.get(name)?.join(" ") !== "'none'") problems.push(`${name} is not 'none'`);
  const form = directives.get("form-action");
  if (form?.join(" ") !== formAction.join(" "))
    problems.push(`form-action is ${form?.join(" ") ?? "missing"}, not ${formAction.join(" ")}`);
  return problems;
}
