import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * "nothing was applied" is worded in one place (describeError) and said for every failure marked as coming before an
 * apply's first write (markNothingApplied): a message that writes it itself says it also where it is not true, or twice.
 */
describe('"nothing was applied"', () => {
  it('is written by src/describe-error.ts only (the sandbox, a server of its own, aside)', () => {
    const src = fileURLToPath(new URL('../../src/', import.meta.url));
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((name) => name.endsWith('.ts') && !name.startsWith('sandbox'));
    const writers = files.flatMap((name) =>
      readFileSync(join(src, name), 'utf8')
        .split('\n')
        // Comments may name the words; code may not.
        .filter((line) => /nothing was applied/i.test(line) && !/^\s*(\*|\/\/|\/\*\*)/.test(line))
        .map((line) => `${name.split('\\').join('/')}: ${line.trim()}`),
    );
    expect(writers.filter((line) => !line.startsWith('describe-error.ts: '))).toEqual([]);
  });
});
