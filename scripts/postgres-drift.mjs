// Whether the committed PostgreSQL migrations build the database prisma/postgres/schema.prisma
// describes. Two scratch databases on the test server: one from the migrations, one from the schema
// (Prisma's SQL for it, from nothing); their tables, columns, indexes and constraints must be equal.
import pg from "pg";
import { postgresSchemaSql } from "./migration-diff.mjs";
import { migratePostgres } from "./postgres-migrate.mjs";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "./lib/test-databases.mjs";

const CATALOG = {
  columns: `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1, 2`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`,
  constraints: `SELECT rel.relname, con.conname, pg_get_constraintdef(con.oid) AS definition FROM pg_constraint con
                JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
                WHERE ns.nspname = 'public' AND rel.relname <> '_prisma_migrations' ORDER BY 1, 2`,
};

async function describe(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const shape = {};
    for (const [part, sql] of Object.entries(CATALOG))
      shape[part] = (await client.query(sql)).rows.map((row) => JSON.stringify(row));
    return shape;
  } finally {
    await client.end();
  }
}

/** Differences as lines ("only in migrations: ..."); empty when the two agree. */
export async function postgresDrift() {
  const fromMigrations = uniqueDatabaseName("drift_migrations");
  const fromSchema = uniqueDatabaseName("drift_schema");
  try {
    const migratedUrl = await createDatabase(fromMigrations);
    await migratePostgres(migratedUrl, { log: () => {} });
    const schemaUrl = await createDatabase(fromSchema);
    const client = new pg.Client({ connectionString: schemaUrl });
    await client.connect();
    await client.query(postgresSchemaSql());
    await client.end();

    const [migrated, expected] = await Promise.all([describe(migratedUrl), describe(schemaUrl)]);
    const problems = [];
    for (const part of Object.keys(CATALOG)) {
      for (const row of migrated[part])
        if (!expected[part].includes(row)) problems.push(`only in the migrations (${part}): ${row}`);
      for (const row of expected[part])
        if (!migrated[part].includes(row)) problems.push(`missing from the migrations (${part}): ${row}`);
    }
    return problems;
  } finally {
    await Promise.all([dropDatabase(fromMigrations), dropDatabase(fromSchema)]);
  }
}
