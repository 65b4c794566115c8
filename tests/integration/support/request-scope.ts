// A request's scope for code that reads next/headers (the session cookie, the client's address) and
// calls next/cache, so a test can run server actions and route handlers as a signed-in browser would.
// A test file mocks the two modules with these, then says whose cookies the next call carries:
//
//   vi.mock("next/headers", () => import("./support/request-scope").then((scope) => scope.nextHeaders));
//   vi.mock("next/cache", () => import("./support/request-scope").then((scope) => scope.nextCache));

const state = { cookie: "", set: new Map<string, string>() };

/** The cookies every following call carries (a browser's Cookie header), and forget what was set. */
export function browserWith(cookieHeader: string): void {
  state.cookie = cookieHeader;
  state.set.clear();
}

/** Cookies the code under test set in its answer, by name. */
export function cookiesSet(): Map<string, string> {
  return state.set;
}

function sent(): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of state.cookie.split(";")) {
    const index = part.indexOf("=");
    if (index > 0) jar.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  return jar;
}

export const nextHeaders = {
  headers: async () =>
    new Headers({ cookie: state.cookie, "x-forwarded-for": "198.51.100.77", "user-agent": "vitest" }),
  cookies: async () => ({
    get: (name: string) => {
      const value = state.set.get(name) ?? sent().get(name);
      return value === undefined ? undefined : { name, value };
    },
    set: (name: string | { name: string; value: string }, value?: string) => {
      if (typeof name === "string") state.set.set(name, value ?? "");
      else state.set.set(name.name, name.value);
    },
    delete: (name: string | { name: string }) => {
      state.set.set(typeof name === "string" ? name : name.name, "");
    },
  }),
};

export const nextCache = { revalidatePath: () => {}, revalidateTag: () => {} };
