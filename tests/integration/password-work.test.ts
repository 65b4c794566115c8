import { describe, expect, it } from "vitest";
import { PasswordWorkBusy } from "@/lib/auth/credentials/password-work";
import { registerWithPassword, verifyCredentials } from "@/lib/auth/credentials/verify";

// The real argon2 and the real registration path, with no HTTP in front (an HTTP server's own work
// per request can hide a queue of hashes): a burst of sign-ups cannot take the threads sign-in needs.
describe("password work under a burst of sign-ups", () => {
  it("refuses most of 60 simultaneous sign-ups as busy, and a sign-in in the middle still succeeds", async () => {
    await registerWithPassword({ email: "steady@example.com", password: "violet-kettle-orbit-42" });
    const signUps = Array.from({ length: 60 }, (_, i) =>
      registerWithPassword({ email: `burst-${i}@example.com`, password: "violet-kettle-orbit-42" }).then(
        () => "registered",
        (error) => (error instanceof PasswordWorkBusy ? "busy" : "failed"),
      ),
    );
    const signIn = verifyCredentials({ email: "steady@example.com", password: "violet-kettle-orbit-42" });
    const [outcomes, person] = await Promise.all([Promise.all(signUps), signIn]);

    expect(person?.email).toBe("steady@example.com");
    expect(outcomes.filter((outcome) => outcome === "failed")).toEqual([]);
    // At most 2 running and 8 waiting: the other 50 are told at once to try again.
    expect(outcomes.filter((outcome) => outcome === "busy")).toHaveLength(50);
    expect(outcomes.filter((outcome) => outcome === "registered")).toHaveLength(10);
    // That a waiting sign-in starts before the waiting sign-ups is checked without clocks in
    // tests/unit/password-work.test.ts; comparing finish times here failed by 2.6 ms on a loaded machine.
  });
});
