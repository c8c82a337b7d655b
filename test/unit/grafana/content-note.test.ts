import { describe, expect, it } from 'vitest';
import { notesContent, withContentNote } from '../../../src/grafana/content-note.js';

const DIGEST = `sha256:${'ab12'.repeat(16)}`;

describe('the content note of an /apis push\'s version message', () => {
  it('names the content by 16 hex digits and is found again; another content or a message without one is not', () => {
    const message = withContentNote('dashsync: 0123456789ab deploy', DIGEST);
    expect(message).toBe('dashsync: 0123456789ab deploy [content sha256:ab12ab12ab12ab12]');
    expect(notesContent(message, DIGEST)).toBe(true);
    expect(notesContent(message, `sha256:${'cd34'.repeat(16)}`)).toBe(false);
    expect(notesContent('dashsync: 0123456789ab deploy', DIGEST)).toBe(false);
    expect(notesContent(null, DIGEST)).toBe(false);
  });

  it('stays within Grafana\'s 500 bytes: a long message is cut, the note kept whole', () => {
    const message = withContentNote(`dashsync: ${'é'.repeat(300)}`, DIGEST);
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(500);
    expect(message.startsWith('dashsync: ')).toBe(true);
    expect(notesContent(message, DIGEST)).toBe(true);
  });
});
