import { AsyncLocalStorage } from 'node:async_hooks';

const tallies = new AsyncLocalStorage<{ writes: number }>();

/**
 * Runs `work` counting the writes (every method but GET) the request layer sends on its behalf,
 * however many port calls deep: an apply action whose last request was cut off can then tell
 * "nothing of mine went out" (not started) from "a write of mine went out" (it may have landed),
 * which a single request's error cannot (a save on /apis is a write and then a read).
 */
export function trackWrites<T>(work: () => Promise<T>): Promise<T> {
  return tallies.run({ writes: 0 }, work);
}

/** The writes sent so far inside the current trackWrites; undefined outside one. */
export function writesSent(): number | undefined {
  return tallies.getStore()?.writes;
}

/** Called by the request layer as it sends a write. */
export function noteWriteSent(): void {
  const tally = tallies.getStore();
  if (tally) tally.writes += 1;
}
