import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** check works offline from the tree and the config: what it shares with plan lives in src/files or src/config (review-12 LOW-3, LOW-4). */
describe('src/check', () => {
  it('imports nothing of src/plan or src/apply', () => {
    const dir = new URL('../../../src/check/', import.meta.url);
    const crossings = readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) =>
        [...readFileSync(new URL(name, dir), 'utf8').matchAll(/from '(\.\.\/(?:plan|apply)\/[^']+)'/g)].map((match) => `${name} → ${match[1]}`),
      );
    expect(crossings).toEqual([]);
  });
});
