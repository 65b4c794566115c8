import { describe, expect, it, vi } from "vitest";

// Small limits for this file only; lib/env reads them at import.
vi.hoisted(() => {
  process.env.API_RATE_LIMIT_PER_MINUTE = "3";
  process.env.API_IP_RATE_LIMIT_PER_MINUTE = "5";
});

import { db } from "@/lib/db";
import { insertToken } from "@/lib/tokens/queries";
import { api } from "./support/api-client";

async function newToken() {
  const user = await db.user.create({
    data: { email: `limited-${Math.random()}@example.com`, role: "user", emailVerified: new Date() },
  });
  return (await insertToken({ personId: user.id, name: "limited", scopes: ["articles:read"], expiresAt: null })).token;
}

describe("rate limits", () => {
  it("stops a token after its per-minute allowance with 429 and Retry-After", async () => {
    const token = await newToken();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await api("GET", "/api/v1/articles", { token, headers: { "x-forwarded-for": "192.0.2.10" } })).status,
      );
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await api("GET", "/api/v1/articles", { token, headers: { "x-forwarded-for": "192.0.2.11" } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    expect(limited.body).toMatchObject({ error: "rate_limited" });
  });

  it("stops an address that tries many tokens, before looking any of them up", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (
          await api("GET", "/api/v1/articles", {
            token: `gat_${String(i).repeat(43)}`,
            headers: { "x-forwarded-for": "192.0.2.99" },
          })
        ).status,
      );
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});
