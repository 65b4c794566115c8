import type { NextRequest } from "next/server";
import { handleMcpRequest } from "@/lib/mcp/route";

// The MCP server (Streamable HTTP). Outside middleware (its matcher leaves /mcp out): an app's OAuth
// token for this resource is its only credential, checked in lib/mcp/route.ts.

export const POST = (request: NextRequest) => handleMcpRequest(request);
export const GET = (request: NextRequest) => handleMcpRequest(request);
export const DELETE = (request: NextRequest) => handleMcpRequest(request);

export const dynamic = "force-dynamic";
