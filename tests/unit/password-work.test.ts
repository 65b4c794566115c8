import { describe, expect, it } from "vitest";
import { PasswordWorkBusy, passwordWorkLoad, withPasswordWork } from "@/lib/auth/credentials/password-work";

const gate = () => {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
};

describe("password work lanes", () => {
  it("lets new-password work hold at most two slots and queue eight, and refuses the rest at once", async () => {
    const held = gate();
    const started: number[] = [];
    const jobs = Array.from({ length: 12 }, (_, i) =>
      withPasswordWork("new-password", async () => {
        started.push(i);
        await held.opened;
      }).then(
        () => "done",
        (error) => (error instanceof PasswordWorkBusy ? "busy" : "failed"),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(passwordWorkLoad()).toEqual({
      running: { "sign-in": 0, "new-password": 2 },
      queued: { "sign-in": 0, "new-password": 8 },
    });

    // Sign-in still gets a slot while the new-password lane is full.
    let signedIn = false;
    await withPasswordWork("sign-in", async () => {
      signedIn = true;
    });
    expect(signedIn).toBe(true);

    held.open();
    const outcomes = await Promise.all(jobs);
    expect(outcomes.filter((outcome) => outcome === "done")).toHaveLength(10);
    expect(outcomes.filter((outcome) => outcome === "busy")).toHaveLength(2);
    expect(passwordWorkLoad()).toEqual({
      running: { "sign-in": 0, "new-password": 0 },
      queued: { "sign-in": 0, "new-password": 0 },
    });
  });

  it("starts a waiting sign-in before a waiting sign-up", async () => {
    const held = gate();
    const order: string[] = [];
    const blockers = Array.from({ length: 4 }, () => withPasswordWork("sign-in", () => held.opened));
    const signUp = withPasswordWork("new-password", async () => void order.push("sign-up"));
    const signIn = withPasswordWork("sign-in", async () => void order.push("sign-in"));
    held.open();
    await Promise.all([...blockers, signUp, signIn]);
    expect(order).toEqual(["sign-in", "sign-up"]);
  });
});
