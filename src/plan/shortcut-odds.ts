/**
 * Whether a shortcut that may miss is worth trying on the next dashboard, from how it fared on
 * the last ones. desiredFromLive costs about half of what it saves when it hits (the live model
 * written out and hashed, against the file read, parsed and compared), so it pays while it hits
 * about as often as it misses: in a plan where most dashboards changed, or whose files are not in
 * canonical form, it would only add work. Its recent hit rate (a moving average) decides; while
 * that is below one half, one try in `probeEvery` keeps it current, so a run whose later
 * dashboards are unchanged takes the shortcut up again. Either way the plan decides the same.
 */
export interface ShortcutOdds {
  worthTrying(): boolean;
  record(hit: boolean): void;
}

export function createShortcutOdds(probeEvery = 16): ShortcutOdds {
  let rate = 1;
  let skipped = 0;
  return {
    worthTrying() {
      if (rate >= 0.5) return true;
      skipped += 1;
      return skipped % probeEvery === 0;
    },
    record(hit) {
      rate = rate * 0.9 + (hit ? 0.1 : 0);
    },
  };
}
