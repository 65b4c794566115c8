import "server-only";
import { z } from "zod";
import { type Capability } from "@/lib/auth/policy";
import type { TokenOwner } from "@/lib/auth/oauth-server/access-tokens";
import { articleIdInput, createArticleBody, listArticlesInput, updateArticleInput } from "@/lib/articles/api-schemas";
import { createArticle, deleteArticle, updateArticle } from "@/lib/articles/commands";
import { toArticleJson } from "@/lib/articles/json";
import { findArticle, listArticlesPage } from "@/lib/articles/queries";
import { decodeCursor } from "@/lib/pagination/cursor";

// The MCP server's tools: one entry each, with the capability it needs. Whether a token may see or
// call a tool is the policy's answer for that capability (granted scopes ∩ the person's current
// role, lib/mcp/server.ts), the same answer the REST API gets for the same operation, and the input
// goes through the REST API's own zod schemas. Names and descriptions are fixed text: nothing stored
// (an article's title, an app's name) ever reaches `tools/list`, where a model would read it as
// instructions. Articles come back only as text content; no tool fetches a URL or calls another tool.

/** Who a call acts for: the token's person, and the app (an agent) acting for them. */
export type ToolCaller = { person: TokenOwner; via: string };

/** What a tool answers: text for the model, and whether it is a refusal it may correct. */
export type ToolAnswer = { text: string; isError?: boolean };

type Tool<S extends z.ZodType> = {
  title: string;
  description: string;
  capability: Capability;
  input: S;
  /** Changes nothing: a client may call it freely (MCP tool annotations). */
  readOnly: boolean;
  run: (input: z.output<S>, caller: ToolCaller) => Promise<ToolAnswer>;
};

const json = (value: unknown): ToolAnswer => ({ text: JSON.stringify(value, null, 2) });
const notFound: ToolAnswer = { text: "There is no article with that id.", isError: true };
const notYours = (caller: ToolCaller): ToolAnswer => ({
  text: `Refused: the role of the person who authorized this app (${caller.person.role}) allows this only for the articles they wrote.`,
  isError: true,
});

const tool = <S extends z.ZodType>(definition: Tool<S>) => definition;

export const TOOLS = {
  list_articles: tool({
    title: "List articles",
    description:
      "Lists articles, newest first, as JSON: { data: [article], nextCursor }. Pass nextCursor as cursor for the next page.",
    capability: "read",
    input: listArticlesInput,
    readOnly: true,
    async run({ limit, cursor }) {
      if (cursor && !decodeCursor(cursor))
        return { text: "cursor: use the nextCursor value from a previous page.", isError: true };
      const { items, nextCursor } = await listArticlesPage(limit, { after: cursor });
      return json({ data: items.map(toArticleJson), nextCursor: nextCursor ?? null });
    },
  }),
  get_article: tool({
    title: "Read an article",
    description: "Reads one article by its id, as JSON with its title, body, author and version.",
    capability: "read",
    input: articleIdInput,
    readOnly: true,
    async run({ id }) {
      const article = await findArticle(id);
      return article ? json(toArticleJson(article)) : notFound;
    },
  }),
  create_article: tool({
    title: "Create an article",
    description: "Creates an article with a title and a body, published as the person who authorized this app.",
    capability: "create",
    input: createArticleBody,
    readOnly: false,
    async run(fields, caller) {
      return json(toArticleJson(await createArticle(caller.person, fields, caller.via)));
    },
  }),
  update_article: tool({
    title: "Change an article",
    description:
      "Changes an article's title, body or both: anyone's, or only those the person wrote, as their role allows. Send the version you read to avoid overwriting someone else's change.",
    capability: "update-own",
    input: updateArticleInput,
    readOnly: false,
    async run({ id, version, ...changes }, caller) {
      const result = await updateArticle(caller.person, id, changes, version, caller.via);
      if (result.outcome === "not_found") return notFound;
      if (result.outcome === "not_yours") return notYours(caller);
      if (result.outcome === "conflict")
        return {
          text: "The article changed since the version you sent. Read it again and reapply your change.",
          isError: true,
        };
      return json(toArticleJson(result.article));
    },
  }),
  delete_article: tool({
    title: "Delete an article",
    description:
      "Deletes an article by its id (anyone's, or only those the person wrote, as their role allows). It cannot be undone.",
    capability: "delete-own",
    input: articleIdInput,
    readOnly: false,
    async run({ id }, caller) {
      const outcome = await deleteArticle(caller.person, id, caller.via);
      if (outcome === "not_yours") return notYours(caller);
      return outcome === "deleted" ? { text: `Deleted article ${id}.` } : notFound;
    },
  }),
};

export type ToolName = keyof typeof TOOLS;
export const TOOL_NAMES = Object.keys(TOOLS) as ToolName[];

export function isToolName(name: unknown): name is ToolName {
  return typeof name === "string" && Object.hasOwn(TOOLS, name);
}
