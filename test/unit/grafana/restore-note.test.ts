import { describe, expect, it } from 'vitest';
import { parseRestoreNote, restoreLastSave, restoreNamesSaver, withRestoreNote } from '../../../src/grafana/restore-note.js';

const EDIT = { kind: 'edit' as const, by: 'user:dave-uid', at: '2026-12-06T06:10:00Z', version: 2 };

describe('withRestoreNote / parseRestoreNote', () => {
  it('round-trips the save a restore takes back, and who restored it', () => {
    const message = withRestoreNote('dashsync: abc123 fix (restore)', 'trash', EDIT, 'sa-uid');
    expect(message).toBe('dashsync: abc123 fix (restore) [restored from trash by sa-uid: edit v2 by user%3Adave-uid at 2026-12-06T06%3A10%3A00Z]');
    expect(parseRestoreNote(message)).toEqual({ from: 'trash', restorer: 'sa-uid', held: EDIT });
  });

  it('says "not recorded" where no backup recorded the save, and "?" for a restorer not known', () => {
    const message = withRestoreNote('dashsync: x (restore)', 'backup', null, null);
    expect(message).toBe('dashsync: x (restore) [restored from backup by ?: not recorded]');
    expect(parseRestoreNote(message)).toEqual({ from: 'backup', restorer: null, held: null });
  });

  it('says "no backup" where the restore found none (not "not recorded"), and reads it back as such', () => {
    const message = withRestoreNote('dashsync: x (restore)', 'trash', 'no-backup', 'u1');
    expect(message).toBe('dashsync: x (restore) [restored from trash by u1: no backup]');
    expect(parseRestoreNote(message)).toEqual({ from: 'trash', restorer: 'u1', held: null, noBackup: true });
    expect(restoreLastSave(parseRestoreNote(message)!, { at: 't', version: 1, message }).restored).toEqual({ from: 'trash', at: 't', kind: 'unknown', noBackup: true });
  });

  it('keeps a saver name with spaces and brackets one word, and the marker within 500 bytes', () => {
    const held = { kind: 'made' as const, by: 'Jane [ops] Doe', at: '', version: 7 };
    const message = withRestoreNote('x'.repeat(600), 'trash', held, 'u1');
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(500);
    expect(message.startsWith('dashsync: ')).toBe(true);
    expect(parseRestoreNote(message)).toEqual({ from: 'trash', restorer: 'u1', held });
  });

  it('records the push an edit was saved over in a bracket of its own before the note, which a release reading only the note still finds (fixl-67)', () => {
    const over = { version: 3, content: 'sha256:0123456789abcdef', commit: 'a'.repeat(40) };
    const message = withRestoreNote('dashsync: x (restore)', 'backup', { ...EDIT, over }, null);
    expect(message).toBe(`dashsync: x (restore) [over push v3 sha256:0123456789abcdef commit ${'a'.repeat(40)}] [restored from backup by ?: edit v2 by user%3Adave-uid at 2026-12-06T06%3A10%3A00Z]`);
    expect(parseRestoreNote(message)).toEqual({ from: 'backup', restorer: null, held: { ...EDIT, over } });
    // Without a commit (the push's note named none), and the note alone as an older release reads it.
    const noCommit = withRestoreNote('dashsync: x', 'trash', { ...EDIT, over: { version: 3, content: over.content } }, 'u1');
    expect(parseRestoreNote(noCommit)?.held?.over).toEqual({ version: 3, content: over.content });
    const olderNote = /\s\[restored from (trash|backup) by (\S+): (?:(edit|made) v(\d+) by (\S+) at (\S+)|not recorded|(no backup))\]$/;
    expect(olderNote.exec(message)?.[3]).toBe('edit');
    // The push goes on to the save a plan judges.
    expect(restoreLastSave(parseRestoreNote(message)!, { at: 't', version: 1, message }).restored?.over).toEqual(over);
    // A push whose fields are not what dashsync writes is left out: the note still names the save.
    expect(withRestoreNote('dashsync: x', 'backup', { ...EDIT, over: { version: 3, content: 'sha256:xyz' } }, null)).not.toContain('[over push');
  });

  it('reads no note in a message without the marker, or with a bracket that does not decode', () => {
    expect(parseRestoreNote('tuned [restored from trash by u1: edit v2 by dave at now]')).toBeNull();
    expect(parseRestoreNote('dashsync: x [restored from trash by u1: edit v2 by %E0 at now]')).toBeNull();
    expect(parseRestoreNote('dashsync: x')).toBeNull();
  });
});

describe('restoreNamesSaver', () => {
  const record = { from: 'trash' as const, restorer: 'sa-uid', held: EDIT };
  it('compares the restorer with the uid Grafana records as the saver; cannot tell without one, or for an internal id', () => {
    expect(restoreNamesSaver(record, 'service-account:sa-uid')).toBe(true);
    expect(restoreNamesSaver(record, 'user:someone')).toBe(false);
    expect(restoreNamesSaver({ ...record, restorer: null }, 'user:someone')).toBeNull();
    expect(restoreNamesSaver({ ...record, restorer: '42' }, 'user:someone')).toBeNull();
    expect(restoreNamesSaver(record, '')).toBeNull();
  });
});

describe('restoreLastSave', () => {
  it('is the save the restore took back (not dashsync\'s), with the restore beside it', () => {
    expect(restoreLastSave({ from: 'trash', restorer: 'sa', held: EDIT }, { at: '2026-12-06T07:00:00Z', version: 1, message: 'm' })).toEqual({
      by: 'user:dave-uid',
      at: '2026-12-06T06:10:00Z',
      message: 'm',
      byDashsync: false,
      version: 1,
      restored: { from: 'trash', at: '2026-12-06T07:00:00Z', kind: 'edit', version: 2 },
    });
    expect(restoreLastSave({ from: 'backup', restorer: null, held: null }, { at: 't', version: 1, message: 'm' })).toMatchObject({ by: '', at: '', byDashsync: false, restored: { from: 'backup', kind: 'unknown' } });
  });
});
