import { describe, expect, it } from 'vitest';
import { labelsUnseenThroughApi } from '../../../src/plan/decide-labels-through-api.js';
import { decide, entry, live } from './builders.js';

/** A planned update of a classic file through /api (its live version has another title). */
function update(uid: string) {
  return decide(entry({ uid }), { uid, title: `${uid} new`, panels: [] }, live({ uid, title: uid, panels: [] }), 'sha256:1').action;
}
const create = (uid: string) => decide(entry({ uid }), { uid, title: uid, panels: [] }, null, 'sha256:1').action;

describe('labelsUnseenThroughApi', () => {
  it('api legacy on Grafana 13 (unified storage, which keeps labels set through /apis), with updates: one warning counting them, naming the settings that see them', () => {
    expect(update('a').action).toBe('update');
    const [warning, ...rest] = labelsUnseenThroughApi('legacy', '13.0.1', [update('a'), update('b'), create('c')]);
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({ kind: 'other', uid: null });
    expect(warning!.kind === 'other' && warning.message).toMatch(/^labels not seen: .*; its 2 saves of dashboards already in Grafana \(updates and moves\) go through \/api, which removes every one .*plan and apply with --api auto or k8s$/);
    expect(labelsUnseenThroughApi('legacy', '13.0.1', [update('a')])[0]).toMatchObject({ message: expect.stringContaining('; its save of a dashboard already in Grafana goes through /api,') });
  });

  it('none through /apis, on 12 (legacy SQL storage by default) or a hidden version, for creates only, or for an update whose file has labels (its own warning)', () => {
    expect(labelsUnseenThroughApi('k8s', '13.0.1', [update('a')])).toEqual([]);
    expect(labelsUnseenThroughApi('legacy', '12.3.2', [update('a')])).toEqual([]);
    expect(labelsUnseenThroughApi('legacy', null, [update('a')])).toEqual([]);
    expect(labelsUnseenThroughApi('legacy', '13.0.1', [create('a')])).toEqual([]);
    expect(labelsUnseenThroughApi('legacy', '13.0.1', [{ ...update('a'), removesMetadata: true }])).toEqual([]);
  });
});
