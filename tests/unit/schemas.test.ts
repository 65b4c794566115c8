import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createArticleSchema, updateArticleSchema } from "@/lib/articles/schemas";
import { isCommonPassword } from "@/lib/auth/credentials/common-passwords";
import { signInSchema, signUpSchema } from "@/lib/auth/credentials/schemas";
import { registerPasskeySchema } from "@/lib/auth/passkeys/schemas";
import { renameSchema } from "@/lib/people/schemas";
import { createTokenSchema } from "@/lib/tokens/schemas";

function fieldErrors(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? {} : (z.flattenError(result.error).fieldErrors as Record<string, string[]>);
}

describe("sign-up validation", () => {
  const valid = { email: "  Ada.Lovelace@Example.COM ", password: "correct horse battery", name: " Ada " };

  it("normalises the email to trimmed lower case and trims the name", () => {
    expect(signUpSchema.parse(valid)).toEqual({
      email: "ada.lovelace@example.com",
      password: "correct horse battery",
      name: "Ada",
    });
  });

  it("treats an empty name as no name", () => {
    expect(signUpSchema.parse({ ...valid, name: "   " }).name).toBeUndefined();
  });

  it.each(["not-an-email", "a@", "@b.com", "a b@c.com", ""])("refuses the email %j with a clear message", (email) => {
    expect(fieldErrors(signUpSchema, { ...valid, email }).email?.[0]).toMatch(/valid email|Enter your email/);
  });

  it("refuses a password under 12 characters", () => {
    expect(fieldErrors(signUpSchema, { ...valid, password: "short-pass1" }).password).toEqual([
      "Use at least 12 characters.",
    ]);
  });

  it("refuses a password over 256 characters", () => {
    expect(fieldErrors(signUpSchema, { ...valid, password: "x".repeat(200) + "y".repeat(57) }).password?.[0]).toMatch(
      /at most 256/,
    );
  });

  it.each(["qwertyuiop123", "1q2w3e4r5t6y", "Password123456", "iloveyou2024!!", "aaaaaaaaaaaaaaaa"])(
    "refuses the common password %j",
    (password) => {
      expect(fieldErrors(signUpSchema, { ...valid, password }).password).toEqual([
        "That password is too common. Choose one that is harder to guess.",
      ]);
    },
  );

  it("accepts a long uncommon password", () => {
    expect(isCommonPassword("violet-kettle-orbit-42")).toBe(false);
  });

  it("ignores a role field instead of passing it through", () => {
    expect(signUpSchema.parse({ ...valid, role: "admin" })).not.toHaveProperty("role");
  });

  it("refuses non-string input with a message, not an exception", () => {
    const errors = fieldErrors(signUpSchema, { email: ["a@b.c"], password: { $gt: "" } });
    expect(errors.email?.[0]).toBeTruthy();
    expect(errors.password?.[0]).toBeTruthy();
  });
});

describe("sign-in validation", () => {
  it("normalises the email so sign-in matches the stored address", () => {
    expect(signInSchema.parse({ email: " USER@Example.com", password: "x" }).email).toBe("user@example.com");
  });
});

describe("article validation", () => {
  it("trims and accepts a title and body", () => {
    expect(createArticleSchema.parse({ title: "  Hello ", body: " World " })).toEqual({
      title: "Hello",
      body: "World",
    });
  });

  it("names each missing field", () => {
    expect(fieldErrors(createArticleSchema, { title: "  ", body: "" })).toEqual({
      title: ["Give the article a title."],
      body: ["Write something in the body."],
    });
  });

  it("refuses an over-long title", () => {
    expect(fieldErrors(createArticleSchema, { title: "t".repeat(201), body: "b" }).title?.[0]).toMatch(/under 200/);
  });

  it("needs an id to update", () => {
    expect(fieldErrors(updateArticleSchema, { title: "t", body: "b" }).id).toEqual(["Missing article id."]);
  });
});

describe("names other people read", () => {
  // U+202E (right-to-left override) turns "Payroll‮exe.pdf" into what looks like "Payrollfdp.exe".
  const reordering = ["Ada\u202Eecalevol", "\u2066admin\u2069", "Token\u200F"];
  const cases: Array<[string, z.ZodType, (name: string) => unknown, string]> = [
    [
      "a person's name at sign-up",
      signUpSchema,
      (name) => ({ email: "a@example.com", password: "correct horse battery", name }),
      "name",
    ],
    ["a person's new name", renameSchema, (name) => ({ name }), "name"],
    ["a token's name", createTokenSchema, (name) => ({ name, scopes: ["articles:read"] }), "name"],
    ["a passkey's name", registerPasskeySchema, (name) => ({ name }), "name"],
    ["an article's title", createArticleSchema, (title) => ({ title, body: "Text" }), "title"],
  ];

  it.each(cases)("%s refuses direction-changing characters with a message saying so", (_what, schema, input, field) => {
    for (const name of reordering)
      expect(fieldErrors(schema, input(name))[field]?.[0], JSON.stringify(name)).toMatch(/direction-changing/);
  });

  it.each(cases)("%s keeps letters from right-to-left scripts", (_what, schema, input, field) => {
    expect(fieldErrors(schema, input("שלום עולם"))[field]).toBeUndefined();
  });
});

describe("text no database can store", () => {
  // Half a surrogate pair ("\ud800" in JSON) is no character: UTF-8 cannot hold it, so a query would
  // fail. Every text field refuses it as it refuses NUL, with its own message.
  it.each([
    ["a person's new name", renameSchema, { name: "Ada\ud800" }, "name"],
    ["an article's body", createArticleSchema, { title: "Title", body: "Text \udc00 more" }, "body"],
    ["a token's name", createTokenSchema, { name: "\ud83d", scopes: ["articles:read"] }, "name"],
  ] as Array<[string, z.ZodType, unknown, string]>)(
    "%s refuses half a surrogate pair",
    (_what, schema, input, field) => {
      expect(fieldErrors(schema, input)[field]?.[0]).toMatch(/control characters/);
    },
  );

  it("keeps a whole pair (an emoji)", () => {
    expect(fieldErrors(renameSchema, { name: "Ada 🚀" }).name).toBeUndefined();
  });
});
