import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SECURITY_ACTIONS } from "@/lib/audit/catalogue";
import { BUILT_IN_ROLES } from "@/lib/auth/policy";
import { DEMO_ACCOUNTS, DEMO_CUSTOM_ROLE } from "@/prisma/demo-data";

const readme = readFileSync("README.md", "utf8");

describe("the README", () => {
  it.each(BUILT_IN_ROLES)("lists the %s demo account with the password the seed gives it", (role) => {
    const { email, password } = DEMO_ACCOUNTS[role];
    expect(readme).toMatch(new RegExp(`\\|\\s*${role}\\s*\\|\\s*\`${email}\`\\s*\\|\\s*\`${password}\`\\s*\\|`));
  });

  it("lists the demo custom role's account with the password the seed gives it", () => {
    const { name, account } = DEMO_CUSTOM_ROLE;
    expect(readme).toMatch(
      new RegExp(`\\|\\s*${name}\\s*\\|\\s*\`${account.email}\`\\s*\\|\\s*\`${account.password}\`\\s*\\|`),
    );
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

describe("the README and docs/", () => {
  const pages = readdirSync("docs").filter((name) => name.endsWith(".md"));

  it("is a door: the README links every page of docs/", () => {
    for (const page of pages) expect(readme, page).toContain(`](docs/${page})`);
  });

  it.each(["README.md", ...pages.map((page) => `docs/${page}`)])("%s links only to files that exist", (file) => {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((match) => match[1]);
    for (const target of targets.filter((link) => !/^[a-z]+:/.test(link)))
      expect(existsSync(path.join(path.dirname(file), target)), `${file} → ${target}`).toBe(true);
  });
});

describe("the README's layout map", () => {
  const map = readme.slice(readme.indexOf("## Layout"), readme.indexOf("## Read on"));
  const named = (entry: string) =>
    new RegExp(`(^|[\\s,])${entry.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(/|,|\\s)`, "m");

  it("names every top-level folder", () => {
    // Tracked folders only: a run leaves its own (test-results/, .next/) behind.
    const tracked = execFileSync("git", ["ls-files"], { encoding: "utf8" }).split("\n");
    const folders = new Set(
      tracked.filter((file) => file.includes("/") && !file.startsWith(".")).map((file) => file.split("/")[0]),
    );
    for (const folder of folders) expect(map, folder).toMatch(named(folder));
  });

  it("names every entry directly under lib/", () => {
    for (const entry of readdirSync("lib")) expect(map, `lib/${entry}`).toMatch(named(entry));
  });
});

describe("docs/admin.md", () => {
  it("lists exactly the audit catalogue's security events", () => {
    const text = readFileSync("docs/admin.md", "utf8");
    const listed = text
      .slice(text.indexOf("read by the overview"), text.indexOf("The charts are"))
      .match(/`[a-z_]+\.[a-z_]+`/g);
    expect(listed?.map((code) => code.slice(1, -1))).toEqual(SECURITY_ACTIONS);
  });
});
