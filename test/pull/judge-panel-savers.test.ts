import { describe, expect, it } from 'vitest';
import { judgePanelSavers } from '../../src/pull/judge-panel-savers.js';

const savers = (created: [number, string], updated: [number, string]) => ({ created: { id: created[0], login: created[1] }, updated: { id: updated[0], login: updated[1] } });
const byUid = (dashboard: string, uid: string) => ({ dashboard, pusher: { form: 'uid' as const, saver: uid }, at: '' });
const byName = (dashboard: string, name: string) => ({ dashboard, pusher: { form: 'name' as const, saver: name }, at: '' });

describe('judgePanelSavers (is a library panel\'s creator or last saver an identity dashsync pushed with?)', () => {
  const people = savers([7, 'ana'], [9, 'bo']);

  it('matches an /apis note by the user id Grafana maps its uid to, the last saver first', () => {
    expect(judgePanelSavers(savers([9, 'bo'], [9, 'bo']), [byUid('node', 'u-bo')], new Map([['u-bo', 9]]))).toEqual({ kind: 'pushed-with', saver: 'last saver', login: 'bo', dashboard: 'node' });
    expect(judgePanelSavers(people, [byUid('node', 'u-ci'), byUid('disk', 'u-ana')], new Map([['u-ci', 3], ['u-ana', 7]]))).toEqual({ kind: 'pushed-with', saver: 'creator', login: 'ana', dashboard: 'disk' });
  });

  it("matches a service account's internal id (digits) directly, and an /api note by login", () => {
    expect(judgePanelSavers(people, [byUid('node', '9')], new Map())).toMatchObject({ kind: 'pushed-with', saver: 'last saver' });
    expect(judgePanelSavers(people, [byName('node', 'ana')], new Map())).toMatchObject({ kind: 'pushed-with', saver: 'creator' });
  });

  it('finds none when every push is compared and differs', () => {
    expect(judgePanelSavers(people, [byUid('node', 'u-ci'), byName('disk', 'ci-bot'), byUid('net', '3')], new Map([['u-ci', 3]]))).toBeNull();
    expect(judgePanelSavers(people, [], new Map())).toBeNull();
  });

  it('cannot compare a uid Grafana did not map, a name against a service account\'s login, a saver that is gone, or savers not read', () => {
    expect(judgePanelSavers(people, [byUid('node', 'u-ci')], new Map())).toEqual({ kind: 'unmatched', dashboard: 'node', because: 'uid-not-named' });
    expect(judgePanelSavers(savers([7, 'ana'], [4, 'sa-1-ci']), [byName('node', 'CI')], new Map())).toEqual({ kind: 'unmatched', dashboard: 'node', because: 'service-account-name' });
    expect(judgePanelSavers(savers([7, 'ana'], [4, '']), [byName('node', 'ci')], new Map())).toEqual({ kind: 'unmatched', dashboard: 'node', because: 'saver-gone' });
    expect(judgePanelSavers(undefined, [byName('node', 'ci')], new Map())).toEqual({ kind: 'unmatched', dashboard: 'node', because: 'savers-not-read' });
  });

  it('lets a match win over a push it could not compare', () => {
    expect(judgePanelSavers(people, [byUid('node', 'u-x'), byName('disk', 'bo')], new Map())).toMatchObject({ kind: 'pushed-with', dashboard: 'disk' });
  });
});
