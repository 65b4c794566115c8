#!/usr/bin/env node
// Runs the Prisma CLI so that it never reaches for the network.
//
// Prisma 6.19 uses its bundled WebAssembly schema engine when prisma.config.ts sets `engine: "js"`,
// and the generated client compiles queries in WebAssembly (`engineType = "client"`). The CLI still
// checks for native engine files at start and tries to download them unless these two variables
// name an existing file, so we point them at a file that is always there. Nothing executes it.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const standIn = fileURLToPath(new URL("../package.json", import.meta.url));
const prismaCli = require.resolve("prisma/build/index.js");

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? standIn,
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? standIn,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};

const child = spawn(process.execPath, [prismaCli, ...process.argv.slice(2)], { stdio: "inherit", env });
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
