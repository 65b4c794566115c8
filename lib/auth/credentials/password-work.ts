// Bounded concurrency for argon2, in two lanes. Each hash takes ~19 MiB and tens of milliseconds of a
// libuv thread; an unbounded burst of sign-ups (or of password resets) would queue behind every
// thread and starve sign-in, which is the one thing that must keep working. So:
//  - "new-password" work (sign-up and anything else that sets a password) may hold at most
//    NEW_PASSWORD_SLOTS threads and queue a few more; past that the caller is told to try again;
//  - "sign-in" work may use every slot and queues longer.
// A queued caller gives up after QUEUE_TIMEOUT_MS with the same "try again".
export type PasswordLane = "sign-in" | "new-password";

export class PasswordWorkBusy extends Error {
  constructor() {
    super("Gatehouse is busy checking passwords. Try again in a few seconds.");
  }
}

const TOTAL_SLOTS = 4; // libuv's default thread pool
const NEW_PASSWORD_SLOTS = 2;
const QUEUE_LIMIT: Record<PasswordLane, number> = { "sign-in": 200, "new-password": 8 };
const QUEUE_TIMEOUT_MS = 10_000;

type Waiter = { lane: PasswordLane; start: () => void; timer: ReturnType<typeof setTimeout> };

const running: Record<PasswordLane, number> = { "sign-in": 0, "new-password": 0 };
const queue: Waiter[] = [];

function mayStart(lane: PasswordLane): boolean {
  if (running["sign-in"] + running["new-password"] >= TOTAL_SLOTS) return false;
  return lane === "sign-in" || running["new-password"] < NEW_PASSWORD_SLOTS;
}

function startNext() {
  // Sign-in first: a waiting sign-in never sits behind a waiting sign-up.
  for (const lane of ["sign-in", "new-password"] as const) {
    const index = queue.findIndex((waiter) => waiter.lane === lane);
    if (index !== -1 && mayStart(lane)) {
      const [waiter] = queue.splice(index, 1);
      clearTimeout(waiter.timer);
      waiter.start();
      return startNext();
    }
  }
}

/** Runs `work` when its lane has a free slot; throws PasswordWorkBusy when the lane is saturated. */
export async function withPasswordWork<T>(lane: PasswordLane, work: () => Promise<T>): Promise<T> {
  if (!mayStart(lane)) {
    if (queue.filter((waiter) => waiter.lane === lane).length >= QUEUE_LIMIT[lane]) throw new PasswordWorkBusy();
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        lane,
        start: resolve,
        timer: setTimeout(() => {
          queue.splice(queue.indexOf(waiter), 1);
          reject(new PasswordWorkBusy());
        }, QUEUE_TIMEOUT_MS),
      };
      queue.push(waiter);
    });
  }
  running[lane]++;
  try {
    return await work();
  } finally {
    running[lane]--;
    startNext();
  }
}

/** For tests and benchmarks: how many hashes run and wait in each lane now. */
export function passwordWorkLoad() {
  return {
    running: { ...running },
    queued: {
      "sign-in": queue.filter((w) => w.lane === "sign-in").length,
      "new-password": queue.filter((w) => w.lane === "new-password").length,
    },
  };
}
