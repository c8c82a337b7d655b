import { describe, expect, it } from 'vitest';
import { deriveDashboardUid } from '../../src/check/derive-dashboard-uid.js';

const GRAFANA_UID = /^[A-Za-z0-9_-]{1,40}$/;

describe('deriveDashboardUid', () => {
  it('is the slug of the file name plus a hash of the path below the root', () => {
    expect(deriveDashboardUid('team/no-uid.json', new Set())).toBe('no-uid-0dd9cf518b');
  });

  it('does not depend on how the path is spelled on this machine', () => {
    const uid = deriveDashboardUid('team/no-uid.json', new Set());
    expect(deriveDashboardUid('./team/no-uid.json', new Set())).toBe(uid);
    expect(deriveDashboardUid('team\\no-uid.json', new Set())).toBe(uid);
  });

  it('differs for the same file name in two directories', () => {
    expect(deriveDashboardUid('a/overview.json', new Set())).not.toBe(deriveDashboardUid('b/overview.json', new Set()));
  });

  it('is always a uid Grafana accepts, whatever the file is called', () => {
    for (const path of ['x.json', `${'very-long-name-'.repeat(10)}.json`, 'Ünïcödé Dashbøard.json', '🔥.json', '---.json', 'a/b/c/Straße (prod).JSON']) {
      expect(deriveDashboardUid(path, new Set())).toMatch(GRAFANA_UID);
    }
    expect(deriveDashboardUid('🔥.json', new Set())).toMatch(/^d-[0-9a-f]{10}$/);
  });

  it('steps past uids already taken, the same way every time', () => {
    const first = deriveDashboardUid('team/no-uid.json', new Set());
    const taken = new Set([first]);
    const second = deriveDashboardUid('team/no-uid.json', taken);
    expect(second).not.toBe(first);
    expect(second).toMatch(/^no-uid-[0-9a-f]{10}$/);
    expect(deriveDashboardUid('team/no-uid.json', taken)).toBe(second);
  });
});
