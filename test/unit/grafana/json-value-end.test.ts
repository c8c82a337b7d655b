import { describe, expect, it } from 'vitest';
import { jsonValueEnd } from '../../../src/grafana/http/json-value-end.js';

// review-63b L4: perf-63b rewrote jsonValueEnd as one loop, promising it accepts and refuses exactly as before. Its callers skip
// a value it accepts without parsing it, so it must never accept what JSON.parse refuses, and it must find the end of every
// value JSON.parse accepts. Checked here against JSON.parse on seeded random values, their mutations and their truncations.

/** A small seeded generator (a linear congruential one): the same cases on every run, and a failure names its seed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

const SCALARS = ['0', '-0', '7', '-12', '3.25', '-0.5', '1e9', '2E+3', '4e-2', 'true', 'false', 'null', '""', '"x"', '"é"', '"\\u00e9"', '"\\uD83D\\uDE00"', '"\\n\\t\\"\\\\\\/"', '"a b"'];
const KEYS = ['"k"', '""', '"a\\u0041"', '"é"'];
const SPACES = ['', '', '', ' ', '\n', '\t', '\r\n'];
/** Bytes a mutation puts in: JSON's punctuation, parts of literals and escapes, and bytes JSON never allows bare. */
const NOISE = ['{', '}', '[', ']', ',', ':', '"', '\\', 'u', '0', '9', '-', '+', '.', 'e', 'E', ' ', 't', 'n', 'f', 'l', '\u0001', '\u00a0', 'x'];

function randomValue(random: () => number, depth = 0): string {
  const pick = <T>(from: readonly T[]): T => from[Math.floor(random() * from.length)]!;
  const space = () => pick(SPACES);
  const roll = random();
  if (depth >= 4 || roll < 0.35) return pick(SCALARS);
  const size = Math.floor(random() * 4);
  if (roll < 0.65) return `[${space()}${Array.from({ length: size }, () => `${space()}${randomValue(random, depth + 1)}${space()}`).join(',')}${space()}]`;
  return `{${space()}${Array.from({ length: size }, () => `${space()}${pick(KEYS)}${space()}:${space()}${randomValue(random, depth + 1)}${space()}`).join(',')}${space()}}`;
}

function mutated(text: string, random: () => number): string {
  let out = text;
  for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits -= 1) {
    const at = Math.floor(random() * (out.length + 1));
    const byte = NOISE[Math.floor(random() * NOISE.length)]!;
    const kind = random();
    out = kind < 0.34 ? out.slice(0, at) + byte + out.slice(at) : kind < 0.67 ? out.slice(0, at) + out.slice(at + 1) : out.slice(0, at) + byte + out.slice(at + 1);
  }
  return out;
}

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Where the value that starts `prefix.length` bytes into `prefix + text` ends, as a byte offset into `text` (-1 refused). */
function endWithin(text: string, prefix: string): number {
  const end = jsonValueEnd(encoder.encode(prefix + text), encoder.encode(prefix).length);
  return end === -1 ? -1 : end - encoder.encode(prefix).length;
}

describe('jsonValueEnd against JSON.parse', () => {
  it('finds the exact end of every valid value, whatever follows it, at any offset', () => {
    const random = seededRandom(63);
    for (let n = 0; n < 3000; n += 1) {
      const value = randomValue(random).trim();
      const bytes = encoder.encode(value).length;
      for (const after of ['', ',"next":1}', ' ]', 'x']) {
        expect(endWithin(value + after, n % 2 === 0 ? '' : '{"data":'), `${JSON.stringify(value)} followed by ${JSON.stringify(after)}`).toBe(bytes);
      }
    }
  });

  it('never accepts what JSON.parse refuses: mutated and truncated values are refused, or end after a value JSON.parse accepts', () => {
    const random = seededRandom(64);
    let refused = 0;
    for (let n = 0; n < 6000; n += 1) {
      const value = randomValue(random).trim();
      const text = n % 3 === 0 ? value.slice(0, Math.floor(random() * value.length)) : mutated(value, random);
      const end = endWithin(text, '');
      if (end === -1) {
        refused += 1;
        // A refusal of something JSON.parse takes whole is allowed only for leading whitespace (the caller skips it first).
        if (text === text.trimStart()) expect(parses(text), `refused ${JSON.stringify(text)}, which JSON.parse accepts`).toBe(false);
        continue;
      }
      const taken = decoder.decode(encoder.encode(text).subarray(0, end));
      expect(parses(taken), `accepted ${JSON.stringify(taken)} of ${JSON.stringify(text)}`).toBe(true);
      if (parses(text) && text === text.trim()) expect(end, JSON.stringify(text)).toBe(encoder.encode(text).length);
    }
    // The cases are not all valid by chance: most mutations break the value.
    expect(refused).toBeGreaterThan(1000);
  });

  it('refuses the near misses JSON.parse refuses', () => {
    const nearMisses = ['[', '{"a"', '{"a":', '"\\u12"', '"\\', '-', '1e', '1.', '.5', '+1', 'tru', 'nul', '[1,]', '{"a":1,}', '{,}', '[1 2]', '{"a" 1}', '"\u0001"', '"\\x"', '[\u00a01]'];
    for (const text of nearMisses) expect(endWithin(text, ''), JSON.stringify(text)).toBe(-1);
  });
});
