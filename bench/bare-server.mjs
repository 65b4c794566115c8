// The baseline for `npm run bench:api`: a bare Node http server that does what GET /api/v1/articles
// does, by hand, on the same SQLite file: hash the bearer token, look it up with its owner, check
// revoked / expired / disabled / scope / role, then read one page of articles with their authors.
// Not part of the app; it only shows how much the framework and the ORM cost.
import { createHash } from "node:crypto";
import http from "node:http";
import Database from "better-sqlite3";

const [file, port] = [process.argv[2], Number(process.argv[3])];
const db = new Database(file, { readonly: true });
const findToken = db.prepare(
  `SELECT t."id", t."scopes", t."expiresAt", t."revokedAt", u."role", u."disabledAt"
   FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."tokenHash" = ?`,
);
const listArticles = db.prepare(
  `SELECT a."id", a."title", a."body", a."createdAt", a."updatedAt", u."id" AS "authorId", u."name" AS "authorName"
   FROM "Article" a JOIN "User" u ON u."id" = a."authorId" ORDER BY a."createdAt" DESC, a."id" DESC LIMIT ?`,
);
const READ_ROLES = new Set(["user", "writer", "editor", "admin"]);

function send(response, status, body) {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}

http
  .createServer((request, response) => {
    const header = request.headers.authorization ?? "";
    if (!header.startsWith("Bearer "))
      return send(response, 401, { error: "unauthenticated", message: "token needed" });
    const token = findToken.get(createHash("sha256").update(header.slice(7)).digest("hex"));
    const expired = token?.expiresAt && Date.parse(token.expiresAt) <= Date.now();
    if (!token || token.revokedAt || expired || token.disabledAt)
      return send(response, 401, { error: "invalid_token", message: "bad token" });
    if (!token.scopes.split(" ").includes("articles:read") || !READ_ROLES.has(token.role))
      return send(response, 403, { error: "insufficient_scope", message: "no" });
    const rows = listArticles.all(21);
    const page = rows.slice(0, 20).map((row) => ({
      id: row.id,
      title: row.title,
      body: row.body,
      author: { id: row.authorId, name: row.authorName },
      createdAt: new Date(row.createdAt).toISOString(),
      updatedAt: new Date(row.updatedAt).toISOString(),
      version: Date.parse(row.updatedAt),
    }));
    send(response, 200, { data: page, nextCursor: rows.length > 20 ? "next" : null });
  })
  .listen(port, "127.0.0.1");
