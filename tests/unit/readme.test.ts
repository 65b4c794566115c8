import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROLES } from "@/lib/auth/policy";
import { DEMO_ACCOUNTS } from "@/prisma/demo-data";

const readme = readFileSync("README.md", "utf8");

describe("the README", () => {
  it.each(ROLES)("lists the %s demo account with the password the seed gives it", (role) => {
    const { email, password } = DEMO_ACCOUNTS[role];
    expect(readme).toMatch(new RegExp(`\\|\\s*${role}\\s*\\|\\s*\`${email}\`\\s*\\|\\s*\`${password}\`\\s*\\|`));
  });

  it("gives the two Quick start commands that .ci/run and package.json carry out", () => {
    expect(readme).toContain("npm ci && npm run demo");
    expect(readme).toContain("\nnpm test\n");
    const ci = readFileSync(".ci/run", "utf8");
    expect(ci).toMatch(/^npm test$/m);
    const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>;
    expect(scripts.demo).toBeDefined();
    expect(scripts.test).toBeDefined();
  });
});
