import { describe, expect, it } from 'vitest';
import { CLAIM_CHUNK, claimFileChunk, createClaims } from '../../../src/files/claim-file-chunk.js';

/** Claims until none is left, alternating the ends as `pattern` says (repeated); the chunks in the order claimed. */
function claimAll(claims: BigInt64Array, pattern: ('front' | 'back')[]): { from: 'front' | 'back'; start: number; end: number }[] {
  const claimed = [];
  for (let i = 0; ; i += 1) {
    const from = pattern[i % pattern.length]!;
    const chunk = claimFileChunk(claims, from);
    if (!chunk) return claimed;
    claimed.push({ from, ...chunk });
  }
}

describe('claimFileChunk (how the main thread and the tree reader worker share the files)', () => {
  it.each([
    { files: 100, pattern: ['front', 'back'] as const },
    { files: 101, pattern: ['front', 'front', 'front', 'back'] as const },
    { files: 5, pattern: ['back', 'front'] as const },
    { files: 3 * CLAIM_CHUNK, pattern: ['back'] as const },
  ])('$files files claimed $pattern: each file exactly once, the front in order from 0, the back down from the end', ({ files, pattern }) => {
    const claimed = claimAll(createClaims(0, files), [...pattern]);

    const indexes = claimed.flatMap(({ start, end }) => Array.from({ length: end - start }, (_, i) => start + i));
    expect(indexes.sort((a, b) => a - b)).toEqual(Array.from({ length: files }, (_, i) => i));
    const front = claimed.filter((c) => c.from === 'front');
    const back = claimed.filter((c) => c.from === 'back');
    // The main thread's chunks follow one another from the first file; the worker's from the last one down.
    front.forEach((chunk, i) => expect(chunk.start).toBe(i === 0 ? 0 : front[i - 1]!.end));
    back.forEach((chunk, i) => expect(chunk.end).toBe(i === 0 ? files : back[i - 1]!.start));
    for (const chunk of claimed) expect(chunk.end - chunk.start).toBeGreaterThan(0);
    for (const chunk of claimed) expect(chunk.end - chunk.start).toBeLessThanOrEqual(CLAIM_CHUNK);
  });

  it('leaves out what the worker was given to read first: the main thread claims only [front, back)', () => {
    const claims = createClaims(0, 12);

    expect(claimAll(claims, ['front'])).toEqual([
      { from: 'front', start: 0, end: 8 },
      { from: 'front', start: 8, end: 12 },
    ]);
    expect(claimFileChunk(claims, 'back')).toBeNull();
  });

  it('holds trees past 65,536 files (both ends fit in one 64-bit slot)', () => {
    const claims = createClaims(70_000, 200_000);

    expect(claimFileChunk(claims, 'back')).toEqual({ start: 200_000 - CLAIM_CHUNK, end: 200_000 });
    expect(claimFileChunk(claims, 'front')).toEqual({ start: 70_000, end: 70_000 + CLAIM_CHUNK });
  });
});
