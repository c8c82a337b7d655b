import { describe, expect, it } from 'vitest';
import { sameName } from '../../../src/grafana/legacy/title-takeover.js';

describe('sameName (what Grafana ≤ 11.2 treats as the same dashboard name in a folder)', () => {
  it('matches titles that differ only in case, surrounding spaces or punctuation (the slug is equal)', () => {
    expect(sameName('Checkout API', ' checkout api ')).toBe(true);
    expect(sameName('Checkout / API', 'checkout-api')).toBe(true);
  });

  it('does not match different names', () => {
    expect(sameName('Checkout API', 'Checkout APIs')).toBe(false);
    expect(sameName('😢', '😣')).toBe(false);
  });
});
