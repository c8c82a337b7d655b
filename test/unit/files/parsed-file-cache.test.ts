import { describe, expect, it } from 'vitest';
import { ParsedFileCache } from '../../../src/files/parsed-file-cache.js';

describe('ParsedFileCache', () => {
  it('keeps values while they fit in the budget and refuses the one that would pass it', () => {
    const cache = new ParsedFileCache<string>(100);
    expect(cache.offer('a.json', 'A', 60)).toBe(true);
    expect(cache.offer('b.json', 'B', 50)).toBe(false);
    expect(cache.offer('c.json', 'C', 40)).toBe(true);
    expect(cache.used).toBe(100);
    expect([cache.take('a.json'), cache.take('b.json'), cache.take('c.json')]).toEqual(['A', undefined, 'C']);
  });

  it('hands each value out once and frees its share of the budget', () => {
    const cache = new ParsedFileCache<string>(100);
    cache.offer('a.json', 'A', 80);
    expect(cache.offer('b.json', 'B', 80)).toBe(false);
    expect(cache.take('a.json')).toBe('A');
    expect(cache.take('a.json')).toBeUndefined();
    expect(cache.used).toBe(0);
    expect(cache.offer('b.json', 'B', 80)).toBe(true);
  });

  it('hands out a value with its size, to be offered again', () => {
    const cache = new ParsedFileCache<string>(100);
    cache.offer('a.json', 'A', 70);
    const entry = cache.takeEntry('a.json')!;
    expect([entry, cache.used]).toEqual([{ value: 'A', size: 70 }, 0]);
    expect(cache.offer('a.json', entry.value, entry.size)).toBe(true);
    expect(cache.used).toBe(70);
  });

  it('replaces what it held for a key offered again, counting only the new size', () => {
    const cache = new ParsedFileCache<string>(100);
    cache.offer('a.json', 'old', 90);
    expect(cache.offer('a.json', 'new', 30)).toBe(true);
    expect(cache.used).toBe(30);
    expect(cache.take('a.json')).toBe('new');
  });

  it('with a budget of 0 keeps nothing', () => {
    const cache = new ParsedFileCache<string>(0);
    expect(cache.offer('a.json', 'A', 1)).toBe(false);
    expect(cache.take('a.json')).toBeUndefined();
  });
});
