// ESLint, flat config: Next's rules (React, hooks, accessibility, Core Web Vitals) with the
// TypeScript rules from typescript-eslint. Formatting is Prettier's job (prettier.config.mjs).
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

export default defineConfig([
  ...nextCoreWebVitals,
  ...nextTypeScript,
  globalIgnores([
    ".next/**",
    "node_modules/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    "tests/.tmp/**",
    "prisma/postgres/schema.prisma",
  ]),
  {
    rules: {
      // A variable kept only to be left out of a spread (`const { a: _a, ...rest }`) says so by its name.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "no-console": ["error", { allow: ["warn", "error", "log", "table"] }],
      eqeqeq: ["error", "always"],
      // Prettier wraps code at 120; what it cannot wrap (comments, long expressions) must not run on.
      // Long strings (class lists, messages, URLs, patterns) are left whole rather than cut up.
      "max-len": [
        "error",
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
  {
    // Tests and scripts run in Node; they may require() where it reads better.
    files: ["tests/**", "scripts/**", "bench/**", "prisma/**"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
]);
