import { describe, expect, it } from 'vitest';
import { canonicalModelText, keptModelText } from '../../../src/apply/canonical-model-text.js';
import { compactJsonObject, compactJsonObjectTransiently } from '../../../src/files/compact-json-object.js';
import { createSendableTextHold } from '../../../src/files/sendable-text-hold.js';

const sendable = (uid: string, title = 'A') => canonicalModelText(compactJsonObject(Buffer.from(`{ "uid": "${uid}", "title": "${title}" }`)), { uid, minRefreshInterval: '5s' })!;

describe('createSendableTextHold', () => {
  it('gives a file\'s text back once, and only for the digest it was made from', () => {
    const hold = createSendableTextHold('5s');
    const held = sendable('a');
    hold.offer('a.json', 'sha256:1', held);
    expect(hold.take('a.json', 'sha256:2')).toBeUndefined();
    // Asked for other bytes, it is let go of: the save compacts the file itself.
    expect(hold.take('a.json', 'sha256:1')).toBeUndefined();
    hold.offer('a.json', 'sha256:1', held);
    expect(hold.take('a.json', 'sha256:1')).toBe(held);
    expect(hold.take('a.json', 'sha256:1')).toBeUndefined();
  });

  it('holds no more text than its budget, and lets go of the files the plan does not write', () => {
    const size = sendable('a', 'x'.repeat(30)).text.length;
    const hold = createSendableTextHold('5s', 2 * size);
    for (const uid of ['a', 'b', 'c']) hold.offer(`${uid}.json`, `sha256:${uid}`, sendable(uid, 'x'.repeat(30)));
    expect(['a', 'b', 'c'].map((uid) => hold.take(`${uid}.json`, `sha256:${uid}`) !== undefined)).toEqual([true, true, false]);

    for (const uid of ['a', 'b']) hold.offer(`${uid}.json`, `sha256:${uid}`, sendable(uid, 'x'.repeat(30)));
    hold.keepOnly(new Set(['b.json']));
    // What keepOnly let go of left room in the budget.
    hold.offer('c.json', 'sha256:c', sendable('c', 'x'.repeat(30)));
    expect(['a', 'b', 'c'].map((uid) => hold.take(`${uid}.json`, `sha256:${uid}`) !== undefined)).toEqual([false, true, true]);
  });
});

describe('keptModelText', () => {
  it('copies a text out of the buffer the next compaction overwrites, into an ArrayBuffer of its own, its spans still its members', () => {
    const first = keptModelText(canonicalModelText(compactJsonObjectTransiently(Buffer.from('{ "uid": "first", "title": "One" }')), { uid: 'first', minRefreshInterval: '5s' })!);
    compactJsonObjectTransiently(Buffer.from('{ "uid": "second", "title": "Two" }'));
    expect(first.text.toString()).toBe('{"uid":"first","title":"One"}');
    expect(first.text.toString('utf8', first.spans.title.start, first.spans.title.end)).toBe('"title":"One"');
    expect([first.text.byteOffset, first.text.buffer.byteLength]).toEqual([0, first.text.length]);
  });
});
