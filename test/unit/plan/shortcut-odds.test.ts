import { describe, expect, it } from 'vitest';
import { createShortcutOdds } from '../../../src/plan/shortcut-odds.js';

/** Runs the odds over outcomes (true = the shortcut would hit); returns how many were tried. */
function tries(outcomes: boolean[]): number {
  const odds = createShortcutOdds(16);
  let tried = 0;
  for (const hit of outcomes) {
    if (!odds.worthTrying()) continue;
    tried += 1;
    odds.record(hit);
  }
  return tried;
}

describe('createShortcutOdds', () => {
  it('keeps trying while the shortcut hits', () => {
    expect(tries(Array.from({ length: 1000 }, () => true))).toBe(1000);
    // One dashboard in three changed: still worth it.
    expect(tries(Array.from({ length: 1000 }, (_, i) => i % 3 !== 0))).toBe(1000);
  });

  it('stops after a few misses, then probes one dashboard in 16', () => {
    const tried = tries(Array.from({ length: 1000 }, () => false));
    expect(tried).toBeGreaterThan(1000 / 16);
    expect(tried).toBeLessThan(1000 / 16 + 16);
  });

  it('takes it up again when the later dashboards are unchanged', () => {
    const odds = createShortcutOdds(16);
    for (let i = 0; i < 500; i += 1) if (odds.worthTrying()) odds.record(false);
    let tried = 0;
    for (let i = 0; i < 500; i += 1) {
      if (!odds.worthTrying()) continue;
      tried += 1;
      odds.record(true);
    }
    // A handful of probes bring the rate back over one half; from then on every one is tried.
    expect(tried).toBeGreaterThan(400);
  });
});
