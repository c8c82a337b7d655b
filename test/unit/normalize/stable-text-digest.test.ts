import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { canonicalJson, generateDashboards } from '../../../scripts/lib/generate-dashboards.mjs';
import { compactJsonObject } from '../../../src/files/compact-json-object.js';
import { contentDigest } from '../../../src/normalize/content-digest.js';
import { stableTextDigest } from '../../../src/normalize/stable-text-digest.js';

const EXAMPLE_TREE = join(import.meta.dirname, '../../../dashboards');

/** The compacted bytes a save sends for this file text (read-planned-dashboard). */
const compacted = (text: string) => compactJsonObject(Buffer.from(text))!.bytes;
/** The digest every version message's content note carries: of the parsed model. */
const parsedDigest = (text: string) => contentDigest({ schema: 'v1', spec: JSON.parse(text) as Record<string, unknown> });

describe('stableTextDigest: the content note digest from the bytes, never another value than the parse gives', () => {
  it('digests pulled-form files (sorted keys) without a parse, to the same value', async () => {
    const texts = generateDashboards({ count: 40, seed: 3 }).map(({ dashboard }) => canonicalJson(dashboard));
    for (const file of await fg('**/*.json', { cwd: EXAMPLE_TREE, ignore: ['**/_folder.json'] })) texts.push(await readFile(join(EXAMPLE_TREE, file), 'utf8'));
    let digested = 0;
    for (const text of texts) {
      const digest = stableTextDigest(compacted(text));
      if (digest !== null) digested++;
      expect(digest ?? parsedDigest(text)).toBe(parsedDigest(text));
    }
    // Every generated one is in the pulled form.
    expect(digested).toBeGreaterThanOrEqual(40);
  });

  it.each([
    ['keys out of order', '{"b":1,"a":2}'],
    ['nested keys out of order', '{"a":{"y":[{"q":1,"p":2}]}}'],
    ['a repeated key', '{"a":1,"a":2}'],
    ['an escaped slash', '{"a":"x\\/y"}'],
    ['a \\u escape', '{"a":"\\u00e9"}'],
    ['a number its parse writes otherwise', '{"a":1.0}'],
    ['an exponent', '{"a":1e3}'],
    ['minus zero', '{"a":-0}'],
    ['an integer beyond a double', '{"a":12345678901234567891}'],
    ['a key with an escape', '{"a\\"b":1,"a":2}'],
    ['keys that sort otherwise as UTF-16', '{"\uff61":1,"\u{1f600}":2}'],
  ])('gives up on %s (the caller parses), never a different digest', (_name, text) => {
    expect(stableTextDigest(compacted(text))).toBeNull();
    expect(parsedDigest(text)).toMatch(/^sha256:/);
  });

  it.each([
    ['numbers as String writes them', '{"a":-12,"b":0.5,"c":123456789012345,"d":1e+21,"e":-1.5e-7,"f":0}'],
    ['escapes JSON.stringify writes', '{"a":"q\\"b\\\\s\\n\\t\\r\\b\\f"}'],
    ['literals and empty containers', '{"a":true,"b":false,"c":null,"d":{},"e":[],"f":[[],{}]}'],
    ['index-like keys in string order', '{"10":1,"9":2,"a":[{"x":1,"y":{"k":"v"}},3]}'],
    ['non-ASCII keys and values', '{"a":"é","é":"😀","ü":1}'],
  ])('digests %s as the parse does', (_name, text) => {
    expect(stableTextDigest(compacted(text))).toBe(parsedDigest(text));
  });

  // Strings are scanned four bytes at a time: what decides sits at every place in a word.
  it('tells an escape or a late-sorting key character wherever in a word it sits', () => {
    for (let at = 0; at < 9; at++) {
      const before = 'abcdefghij'.slice(0, at);
      const inString = (escape: string) => `{"a":"${before}${escape}xyz"}`;
      expect(stableTextDigest(compacted(inString('\\/')))).toBeNull();
      expect(stableTextDigest(compacted(inString('\\u00e9')))).toBeNull();
      const quoted = inString('\\"');
      expect(stableTextDigest(compacted(quoted))).toBe(parsedDigest(quoted));
      const lateKeys = `{"${before}\uff61":1,"${before}\u{1f600}":2}`;
      expect(stableTextDigest(compacted(lateKeys))).toBeNull();
      const orderedKeys = `{"${before}é":1,"${before}ü":2}`;
      expect(stableTextDigest(compacted(orderedKeys))).toBe(parsedDigest(orderedKeys));
      const unorderedAscii = `{"${before}b":1,"${before}a":2}`;
      expect(stableTextDigest(compacted(unorderedAscii))).toBeNull();
    }
  });
});
