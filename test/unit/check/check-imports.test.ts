import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** check works offline from the tree and the config: what it shares with plan or pull lives in src/files or src/config (review-12 LOW-3, LOW-4; check-48). */
describe('src/check', () => {
  it('imports nothing of src/plan, src/apply or src/pull', () => {
    const dir = new URL('../../../src/check/', import.meta.url);
    const crossings = readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) =>
        [...readFileSync(new URL(name, dir), 'utf8').matchAll(/from '(\.\.\/(?:plan|apply|pull)\/[^']+)'/g)].map((match) => `${name} → ${match[1]}`),
      );
    expect(crossings).toEqual([]);
  });
});
