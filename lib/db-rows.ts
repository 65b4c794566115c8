import { ColumnTypeEnum, type ArgType, type SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { databaseProvider, driverAdapter } from "@/lib/db";

// Reads on the hot path (the session behind every signed-in request, the token behind every API
// call, the API's article list), sent straight to the driver adapter Prisma itself uses. A raw query
// through Prisma's client still passes its query compiler (WebAssembly) and request pipeline: 0.17 ms
// of CPU per query here (bench/profile.ts), more than SQLite takes to answer it. Same connection or
// pool, same transactions, same outage detection (the adapter is watched as Prisma's is); what is
// left out is only Prisma's query building, which a hand-written statement does not need.
//
// Statements must be plain SQL that SQLite and PostgreSQL both accept. Every value is a parameter.

type Row = Record<string, unknown>;

/** `SELECT … WHERE x = ${value}`: the rows, with dates as Dates and 64-bit integers as bigints. */
export function queryRows<T extends object>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]> {
  let text = strings[0];
  for (let index = 1; index < strings.length; index++) text += `${placeholder(index)}${strings[index]}`;
  return queryRowsOf<T>(text, values);
}

/** The same for a statement built at run time; its values are written with placeholder(n), n from 1. */
export async function queryRowsOf<T extends object>(text: string, values: unknown[]): Promise<T[]> {
  const adapter: SqlDriverAdapter = await driverAdapter();
  const result = await adapter.queryRaw({ sql: text, args: values, argTypes: values.map(argTypeOf) });
  const { columnNames, columnTypes } = result;
  return result.rows.map((row) => {
    const decoded: Row = {};
    for (let column = 0; column < columnNames.length; column++)
      decoded[columnNames[column]] = decode(row[column], columnTypes[column]);
    return decoded as T;
  });
}

/** The n-th parameter's placeholder (from 1) in the database's own syntax. */
export function placeholder(n: number): string {
  return databaseProvider === "postgresql" ? `$${n}` : "?";
}

function argTypeOf(value: unknown): ArgType {
  const scalarType =
    value instanceof Date
      ? "datetime"
      : typeof value === "bigint"
        ? "bigint"
        : typeof value === "number"
          ? Number.isInteger(value)
            ? "int"
            : "float"
          : typeof value === "boolean"
            ? "boolean"
            : typeof value === "string"
              ? "string"
              : "unknown";
  return { scalarType, arity: "scalar" };
}

// What the adapters hand back (both turn values into JSON-safe forms): dates as ISO text (SQLite
// may hold older ones as epoch milliseconds), integers as text (SQLite's all of them, as it reads
// every integer as a bigint), SQLite's booleans as 0/1.
function decode(value: unknown, type: number): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case ColumnTypeEnum.DateTime:
    case ColumnTypeEnum.Date:
      return dateOf(value);
    case ColumnTypeEnum.Int32:
    case ColumnTypeEnum.Float:
    case ColumnTypeEnum.Double:
      return Number(value);
    case ColumnTypeEnum.Int64:
      return BigInt(value as string | number | bigint);
    case ColumnTypeEnum.Boolean:
      return value === true || value === 1 || value === "1" || value === "true";
    default:
      return value;
  }
}

function dateOf(value: unknown): Date {
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  const text = String(value);
  // A timestamp without a zone is UTC (as Prisma writes and reads them), never the server's zone.
  return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(text) || !text.includes(":") ? text : `${text.replace(" ", "T")}Z`);
}
