import type { ServerResponse } from 'node:http';

/** How a held request ended: released by the test (then handled and answered), or gone (client left, sandbox closed). */
type HeldOutcome = 'released' | 'gone';

/**
 * The requests the `hold` fault keeps waiting. A test releases them when it chooses
 * (`handle.releaseHeld()`, `POST /__sandbox/release`), so it can say exactly which requests are in
 * flight at a given moment instead of hoping a latency is long enough.
 */
export class HeldRequests {
  private readonly waiting = new Set<() => void>();
  /** Checks of whenHeld, run each time a request is held. */
  private readonly watchers = new Set<() => void>();

  /** Waits until the request is released, its client closes the connection, or `closing` aborts (which destroys it). */
  wait(response: ServerResponse, closing: AbortSignal): Promise<HeldOutcome> {
    return new Promise((resolve) => {
      const finish = (outcome: HeldOutcome) => {
        this.waiting.delete(release);
        closing.removeEventListener('abort', gone);
        response.off('close', gone);
        if (outcome === 'gone') response.destroy();
        resolve(outcome);
      };
      const release = () => finish('released');
      const gone = () => finish('gone');
      if (closing.aborted) return gone();
      this.waiting.add(release);
      response.once('close', gone);
      closing.addEventListener('abort', gone, { once: true });
      for (const watcher of [...this.watchers]) watcher();
    });
  }

  /** Resolves once `count` requests are held at the same time (at once if they are). */
  whenHeld(count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.waiting.size < count) return;
        this.watchers.delete(check);
        resolve();
      };
      this.watchers.add(check);
      check();
    });
  }

  /** Lets every held request go on to be handled and answered; how many there were. */
  releaseAll(): number {
    const released = [...this.waiting];
    for (const release of released) release();
    return released.length;
  }
}
