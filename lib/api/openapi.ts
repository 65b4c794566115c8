import { z } from "zod";
import { SCOPES, SCOPE_DESCRIPTIONS, SCOPE_NAMES, type Scope } from "@/lib/auth/policy";
import {
  apiErrorJson,
  articleJson,
  articleListJson,
  createArticleBody,
  listArticlesQuery,
  updateArticleBody,
} from "@/lib/articles/api-schemas";

type Operation = {
  method: "get" | "post" | "patch" | "delete";
  path: string;
  summary: string;
  scope: Scope;
  query?: z.ZodObject;
  body?: z.ZodType;
  success: { status: number; description: string; schema?: z.ZodType };
  errors: number[];
};

const COMMON_ERRORS = [401, 403, 429];

/** Every REST API operation. The route handlers use the same schemas; a test checks this list against app/api/v1. */
export const API_OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/v1/articles",
    summary: "List articles, newest first",
    scope: "articles:read",
    query: listArticlesQuery,
    success: { status: 200, description: "A page of articles", schema: articleListJson },
    errors: [400, ...COMMON_ERRORS],
  },
  {
    method: "post",
    path: "/api/v1/articles",
    summary: "Create an article",
    scope: "articles:write",
    body: createArticleBody,
    success: { status: 201, description: "The new article", schema: articleJson },
    errors: [400, ...COMMON_ERRORS, 413, 415, 422],
  },
  {
    method: "get",
    path: "/api/v1/articles/{id}",
    summary: "Get one article",
    scope: "articles:read",
    success: { status: 200, description: "The article", schema: articleJson },
    errors: [...COMMON_ERRORS, 404],
  },
  {
    method: "patch",
    path: "/api/v1/articles/{id}",
    summary: "Update an article's title or body",
    scope: "articles:write",
    body: updateArticleBody,
    success: { status: 200, description: "The updated article", schema: articleJson },
    errors: [400, ...COMMON_ERRORS, 404, 409, 413, 415, 422],
  },
  {
    method: "delete",
    path: "/api/v1/articles/{id}",
    summary: "Delete an article",
    scope: "articles:delete",
    success: { status: 204, description: "Deleted" },
    errors: [...COMMON_ERRORS, 404],
  },
];

const ERROR_TEXT: Record<number, string> = {
  400: "Malformed request: bad JSON, a bad query parameter, or a token outside the Authorization header",
  401: "No token, or a token that is unknown, expired or revoked (see WWW-Authenticate)",
  403: "The token lacks the scope, or its owner's role no longer allows this (error insufficient_scope)",
  404: "No such article",
  409: "The article changed since the version sent",
  413: "Body over 64 KB",
  415: "Body is not application/json",
  422: "Body failed validation; see fields",
  429: "Rate limit reached; see Retry-After and RateLimit-*",
};

// Named schemas, published under components/schemas. Responses are described as the handlers
// produce them ("output"), request bodies as clients must send them ("input").
const NAMED: Array<{ name: string; schema: z.ZodType; io: "input" | "output" }> = [
  { name: "Article", schema: articleJson, io: "output" },
  { name: "ArticleList", schema: articleListJson, io: "output" },
  { name: "Error", schema: apiErrorJson, io: "output" },
  { name: "CreateArticle", schema: createArticleBody, io: "input" },
  { name: "UpdateArticle", schema: updateArticleBody, io: "input" },
];

function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  });
  return rest;
}

function ref(schema: z.ZodType) {
  const named = NAMED.find((entry) => entry.schema === schema);
  if (!named) throw new Error("Every schema an operation names must be in NAMED.");
  return { $ref: `#/components/schemas/${named.name}` };
}

const OAUTH_SCOPE_TEXT = Object.fromEntries(SCOPE_NAMES.map((scope) => [scope, SCOPE_DESCRIPTIONS[scope]]));

export function openApiDocument(serverUrl: string) {
  const components = Object.fromEntries(NAMED.map(({ name, schema, io }) => [name, jsonSchema(schema, io)]));

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) {
    const parameters = [
      ...(op.path.includes("{id}") ? [{ name: "id", in: "path", required: true, schema: { type: "string" } }] : []),
      ...Object.entries(op.query?.shape ?? {}).map(([name, field]) => ({
        name,
        in: "query",
        required: !(field as z.ZodType).safeParse(undefined).success,
        schema: jsonSchema(field as z.ZodType, "input"),
      })),
    ];
    const responses: Record<string, unknown> = {
      [op.success.status]: op.success.schema
        ? { description: op.success.description, content: { "application/json": { schema: ref(op.success.schema) } } }
        : { description: op.success.description },
    };
    for (const status of op.errors)
      responses[status] = {
        description: ERROR_TEXT[status],
        content: { "application/json": { schema: ref(apiErrorJson) } },
      };
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      operationId: `${op.method}${op.path.replace(/\/api\/v1|[{}]/g, "").replace(/\/(\w)/g, (_, c: string) => c.toUpperCase())}`,
      summary: op.summary,
      security: [{ bearerAuth: [op.scope] }, { oauth2: [op.scope] }],
      description: `Needs the ${op.scope} scope, and an owner whose current role allows ${SCOPES[op.scope].join(" and ")}.`,
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { "application/json": { schema: ref(op.body) } } } }
        : {}),
      responses,
    };
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "Gatehouse API",
      version: "1.0.0",
      description:
        "Articles over REST. Authenticate with a personal access token from Settings → API tokens: `Authorization: Bearer gat_…`.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "A personal access token (gat_…)" },
        oauth2: {
          type: "oauth2",
          description:
            "An access token Gatehouse issued to a registered app (Settings → OAuth apps): on a person's consent (authorization code with PKCE, or the device flow), or to the app itself when an admin gave it a service role (client credentials). See /docs/oauth.",
          flows: {
            authorizationCode: {
              authorizationUrl: `${serverUrl}/api/oauth/auth`,
              tokenUrl: `${serverUrl}/api/oauth/token`,
              refreshUrl: `${serverUrl}/api/oauth/token`,
              scopes: OAUTH_SCOPE_TEXT,
            },
            clientCredentials: { tokenUrl: `${serverUrl}/api/oauth/token`, scopes: OAUTH_SCOPE_TEXT },
          },
        },
      },
      schemas: components,
    },
    paths,
  };
}
