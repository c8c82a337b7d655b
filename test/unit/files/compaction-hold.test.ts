import { describe, expect, it } from 'vitest';
import { compactJsonObject, compactJsonObjectTransiently, keptCompaction } from '../../../src/files/compact-json-object.js';
import { createCompactionHold } from '../../../src/files/compaction-hold.js';

const compaction = (text: string) => compactJsonObject(Buffer.from(text))!;

describe('createCompactionHold', () => {
  it('gives a file\'s compaction back once, and only for the digest it was made from', () => {
    const hold = createCompactionHold();
    const held = compaction('{ "uid": "a", "title": "A" }');
    hold.offer('a.json', 'sha256:1', held);
    expect(hold.take('a.json', 'sha256:2')).toBeUndefined();
    // Asked for other bytes, it is let go of: the save compacts the file itself.
    expect(hold.take('a.json', 'sha256:1')).toBeUndefined();
    hold.offer('a.json', 'sha256:1', held);
    expect(hold.take('a.json', 'sha256:1')).toBe(held);
    expect(hold.take('a.json', 'sha256:1')).toBeUndefined();
  });

  it('holds no more compacted bytes than its budget, and lets go of the files the plan does not write', () => {
    const text = (uid: string) => `{"uid": "${uid}", "title": "${'x'.repeat(30)}"}`;
    const size = compaction(text('a')).bytes.length;
    const hold = createCompactionHold(2 * size);
    for (const uid of ['a', 'b', 'c']) hold.offer(`${uid}.json`, `sha256:${uid}`, compaction(text(uid)));
    expect(['a', 'b', 'c'].map((uid) => hold.take(`${uid}.json`, `sha256:${uid}`) !== undefined)).toEqual([true, true, false]);

    for (const uid of ['a', 'b']) hold.offer(`${uid}.json`, `sha256:${uid}`, compaction(text(uid)));
    hold.keepOnly(new Set(['b.json']));
    // What keepOnly let go of left room in the budget.
    hold.offer('c.json', 'sha256:c', compaction(text('c')));
    expect(['a', 'b', 'c'].map((uid) => hold.take(`${uid}.json`, `sha256:${uid}`) !== undefined)).toEqual([false, true, true]);
  });
});

describe('keptCompaction', () => {
  it('copies a transient compaction out of the buffer the next one overwrites, into an ArrayBuffer of its own', () => {
    const first = keptCompaction(compactJsonObjectTransiently(Buffer.from('{ "uid": "first", "n": [1, 2] }'))!);
    compactJsonObjectTransiently(Buffer.from('{ "uid": "second", "n": [3, 4] }'));
    expect(first.bytes.toString()).toBe('{"uid":"first","n":[1,2]}');
    expect(first.members.get('uid')).toEqual({ start: 7, end: 14 });
    expect([first.bytes.byteOffset, first.bytes.buffer.byteLength]).toEqual([0, first.bytes.length]);
  });
});
