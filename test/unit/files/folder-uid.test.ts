import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';

const VALID_UID = /^[A-Za-z0-9_-]{1,40}$/;

describe('deriveFolderUid', () => {
  it('is a readable slug of the last segment plus a hash of the whole path', () => {
    expect(deriveFolderUid('platform/kubernetes')).toMatch(/^ds-kubernetes-[0-9a-f]{8}$/);
  });

  it('is deterministic and independent of separators and a leading ./', () => {
    const uid = deriveFolderUid('platform/kubernetes');
    expect(deriveFolderUid('platform/kubernetes')).toBe(uid);
    expect(deriveFolderUid('platform\\kubernetes')).toBe(uid);
    expect(deriveFolderUid('./platform/kubernetes/')).toBe(uid);
  });

  it('pins the value so a change of algorithm is noticed (it would re-create every folder)', () => {
    expect(deriveFolderUid('platform/kubernetes')).toBe('ds-kubernetes-' + sha8('platform/kubernetes'));
  });

  it('tells apart paths with the same slug', () => {
    expect(deriveFolderUid('a-b')).not.toBe(deriveFolderUid('a/b'));
    expect(deriveFolderUid('x/team')).not.toBe(deriveFolderUid('y/team'));
  });

  it.each([
    'Team Ops (EU)',
    'Überwachung/Größe',
    '日本語',
    '---',
    'a'.repeat(200),
    'deep/'.repeat(10) + 'leaf',
  ])('is a valid Grafana uid for %j', (dir) => {
    const uid = deriveFolderUid(dir);
    expect(uid).toMatch(VALID_UID);
    expect(uid).not.toMatch(/--/);
  });

  it('transliterates accents into the slug', () => {
    expect(deriveFolderUid('Überwachung')).toMatch(/^ds-uberwachung-[0-9a-f]{8}$/);
  });

  it('falls back to the hash alone when nothing is sluggable', () => {
    expect(deriveFolderUid('日本語')).toMatch(/^ds-[0-9a-f]{8}$/);
  });
});

function sha8(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
