import { describe, expect, it } from 'vitest';
import { DASHSYNC_MARKER, renderCommitMessage } from '../../../src/config/render-commit-message.js';

const git = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'Raise CPU panel threshold', actor: 'octocat' };
const none = { sha: null, subject: null, actor: null };

describe('renderCommitMessage', () => {
  it.each([
    ['dashsync: {sha} {subject}', git, 'dashsync: 0123456789ab Raise CPU panel threshold'],
    ['dashsync: {sha} {subject}', none, 'dashsync:'],
    ['deployed by {actor}', git, 'dashsync: deployed by octocat'],
    ['{subject} (dashsync: {sha})', git, 'Raise CPU panel threshold (dashsync: 0123456789ab)'],
    ['{sha}/{sha}', { ...git, sha: 'abc' }, 'dashsync: abc/abc'],
  ])('%s', (template, info, expected) => {
    expect(renderCommitMessage(template, info)).toBe(expected);
  });

  it('fits in 500 bytes and keeps the marker', () => {
    const long = renderCommitMessage('{subject} dashsync: {sha}', { ...git, subject: 'é'.repeat(400) });
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(500);
    expect(long.startsWith(`${DASHSYNC_MARKER} `)).toBe(true);
    expect(long.endsWith('…')).toBe(true);
    const short = renderCommitMessage('dashsync: {subject}', { ...git, subject: 'x'.repeat(1000) });
    expect(Buffer.byteLength(short)).toBe(500);
    expect(short.startsWith('dashsync: xxx')).toBe(true);
  });

  it('cuts between whole characters as a reader sees them: an emoji family, a flag or an accented letter is never split', () => {
    const family = '\u{1F469}\u200d\u{1F469}\u200d\u{1F467}\u200d\u{1F466}'; // 25 bytes, one glyph
    const families = renderCommitMessage('dashsync: {subject}', { ...git, subject: family.repeat(30) });
    expect(families).toBe(`dashsync: ${family.repeat(19)}…`);
    const flags = renderCommitMessage('dashsync: {subject}', { ...git, subject: `x${'\u{1F1EB}\u{1F1F7}'.repeat(80)}` });
    expect(flags).toBe(`dashsync: x${'\u{1F1EB}\u{1F1F7}'.repeat(60)}…`);
    const accents = renderCommitMessage('dashsync: {subject}', { ...git, subject: `ok e${'\u0301'.repeat(300)}` });
    expect(accents).toBe('dashsync: ok …');
    for (const cut of [families, flags, accents]) expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(500);
  });

  it('sends no control character or bidi mark to Grafana: a commit subject with a terminal escape, a bell, a newline and an override reads as plain words', () => {
    const hostile = renderCommitMessage('dashsync: {sha} {subject}', { ...git, subject: 'subj \u001b]0;t\u0007 ::error::y\nnext \u202eevil\u2066 \u009b2J end' });
    expect(hostile).toBe('dashsync: 0123456789ab subj ]0;t ::error::y next evil 2J end');
  });
});
