import { describe, expect, it } from "vitest";
import { signInMethodsOf, unlinkProvider } from "@/lib/auth/providers/queries";
import { markEmailVerified } from "@/lib/people/queries";
import { decideOAuthSignIn, withSignedInPerson } from "@/lib/auth/providers/sign-in-decision";
import { db } from "@/lib/db";

// The rules that decide what a verified external identity may do with our accounts, on a real
// database. (The flow itself, state, PKCE and nonce, is exercised end to end in tests/e2e/oauth.spec.ts.)

let counter = 0;
function address(label: string) {
  return `${label}-${++counter}@example.test`;
}

async function person(
  options: {
    email?: string;
    password?: boolean;
    verified?: boolean;
    disabled?: boolean;
    links?: [string, string][];
  } = {},
) {
  return db.user.create({
    data: {
      email: options.email ?? address("person"),
      passwordHash: options.password ? "$argon2id$placeholder" : null,
      emailVerified: options.verified ? new Date() : null,
      disabledAt: options.disabled ? new Date() : null,
      accounts: {
        create: (options.links ?? []).map(([provider, providerAccountId]) => ({
          type: "oidc",
          provider,
          providerAccountId,
        })),
      },
    },
  });
}

const attempt = (overrides: Partial<Parameters<typeof decideOAuthSignIn>[0]>) =>
  decideOAuthSignIn({
    provider: "oidc",
    providerAccountId: `sub-${++counter}`,
    email: address("new"),
    emailVerifiedByProvider: true,
    ...overrides,
  });

describe("who may finish an external sign-in", () => {
  it("lets a new identity with an unused email in (Auth.js then creates the account)", async () => {
    expect(await attempt({})).toBe(true);
  });

  it("lets an identity already linked to an active person in, whatever email it now asserts", async () => {
    await person({ links: [["oidc", "known-sub"]] });
    expect(
      await attempt({ providerAccountId: "known-sub", email: "changed@example.test", emailVerifiedByProvider: false }),
    ).toBe(true);
  });

  it("refuses a linked identity whose person is disabled", async () => {
    await person({ disabled: true, links: [["oidc", "disabled-sub"]] });
    expect(await attempt({ providerAccountId: "disabled-sub" })).toBe("/signin/problem?reason=disabled&provider=oidc");
  });

  it("never links to a password account by email, even when the provider verified it, and names the way in", async () => {
    const owner = await person({ password: true, links: [["github", "gh-1"]] });
    expect(await attempt({ email: owner.email })).toBe(
      "/signin/problem?reason=account-exists&provider=oidc&methods=password%2Cgithub",
    );
  });

  it("links by email only when both the provider and our account verified the address", async () => {
    const verifiedOwner = await person({ verified: true, links: [["oidc", "first-sub"]] });
    expect(await attempt({ email: verifiedOwner.email, emailVerifiedByProvider: true })).toBe(true);
    expect(await attempt({ email: verifiedOwner.email, emailVerifiedByProvider: false })).toBe(
      "/signin/problem?reason=account-exists&provider=oidc&methods=oidc",
    );
  });

  it("refuses an identity with no email address", async () => {
    expect(await attempt({ email: null })).toBe("/signin/problem?reason=no-email&provider=oidc");
  });

  it("refuses to link by email to a disabled person", async () => {
    const disabled = await person({ verified: true, disabled: true });
    expect(await attempt({ email: disabled.email })).toBe("/signin/problem?reason=disabled&provider=oidc");
  });

  describe("while someone is signed in (linking from settings)", () => {
    it("lets a free identity be linked to them, whatever its email", async () => {
      const me = await person({ password: true });
      const other = await person({ password: true });
      const decision = await withSignedInPerson({ id: me.id, email: me.email, sid: "s" }, () =>
        attempt({ email: other.email, emailVerifiedByProvider: false }),
      );
      expect(decision).toBe(true);
    });

    it("refuses an identity already linked to someone else", async () => {
      await person({ links: [["oidc", "someone-elses-sub"]] });
      const me = await person({ password: true });
      const decision = await withSignedInPerson({ id: me.id, email: me.email, sid: "s" }, () =>
        attempt({ providerAccountId: "someone-elses-sub" }),
      );
      expect(decision).toBe("/signin/problem?reason=linked-elsewhere&provider=oidc");
    });
  });
});

describe("verifying an email through a provider", () => {
  it("marks the address verified only when it is still the person's address", async () => {
    const someone = await person();
    await markEmailVerified(someone.id, "some-other-address@example.test");
    expect((await db.user.findUniqueOrThrow({ where: { id: someone.id } })).emailVerified).toBeNull();
    await markEmailVerified(someone.id, someone.email);
    expect((await db.user.findUniqueOrThrow({ where: { id: someone.id } })).emailVerified).toBeInstanceOf(Date);
  });
});

describe("unlinking", () => {
  it("refuses to remove the last way to sign in", async () => {
    const only = await person({ links: [["oidc", "only-sub"]] });
    expect(await unlinkProvider(only, "oidc")).toBe("last-method");
    expect(await signInMethodsOf(only.id)).toEqual({ hasPassword: false, providers: ["oidc"] });
  });

  it("removes a provider when a password remains, and records it in the audit log", async () => {
    const both = await person({ password: true, links: [["oidc", "both-sub"]] });
    expect(await unlinkProvider(both, "oidc")).toBe("unlinked");
    expect(await signInMethodsOf(both.id)).toEqual({ hasPassword: true, providers: [] });
    const event = await db.auditEvent.findFirst({ where: { action: "account.unlinked", targetId: both.id } });
    expect(event?.before).toBe(JSON.stringify({ provider: "oidc" }));
  });

  it("says so when the provider was not linked", async () => {
    const me = await person({ password: true });
    expect(await unlinkProvider(me, "github")).toBe("not-linked");
  });

  it("keeps one way in when two unlinks race", async () => {
    const two = await person({
      links: [
        ["oidc", "race-a"],
        ["github", "race-b"],
      ],
    });
    const outcomes = await Promise.all([unlinkProvider(two, "oidc"), unlinkProvider(two, "github")]);
    expect(outcomes.sort()).toEqual(["last-method", "unlinked"]);
    expect((await signInMethodsOf(two.id)).providers).toHaveLength(1);
  });
});
