// Which database the tests run on, and throw-away PostgreSQL databases for them.
//
// TEST_DATABASE=postgres runs the integration and end-to-end tests on PostgreSQL (npm test does both
// passes); otherwise they run on SQLite files. TEST_POSTGRES_URL is a connection that may create and
// drop databases (default: the local server with trust auth). Every database made here carries this
// run's id in its name and is dropped afterwards; nothing else on the server is touched.
import { randomBytes } from "node:crypto";
import pg from "pg";

export const usesPostgres = process.env.TEST_DATABASE === "postgres";
const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export function postgresUrl(database) {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.href;
}

export function uniqueDatabaseName(label) {
  return `gatehouse_${label}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}

async function withAdmin(work) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database (or a copy of `template`) and returns its URL. */
export async function createDatabase(name, template) {
  await withAdmin(async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
        return;
      } catch (error) {
        // Two copies of one template started at the same moment: PostgreSQL refuses the second.
        if (!template || attempt >= 20 || !/being accessed by other users/.test(error.message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  });
  return postgresUrl(name);
}

export async function dropDatabase(name) {
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
