import { describe, expect, it } from 'vitest';
import { describeTrashNotRead } from '../../../src/plan/describe-trash-not-read.js';
import { decide, entry, live } from './builders.js';

const create = (uid: string) => decide(entry({ uid }), { uid, title: uid, panels: [] }, null, 'sha256:1').action;
const update = (uid: string) => decide(entry({ uid }), { uid, title: `${uid} new`, panels: [] }, live({ uid, title: uid, panels: [] }), 'sha256:1').action;

// nl-61c: api "legacy" never reads /apis, where alone 12.4+ and 13 list "Recently deleted": the plan says it did not look.
describe('describeTrashNotRead', () => {
  it('api legacy on 13 with creates: one note, not one per create, with the plan --api auto of this run (CLI) or the args input (Action)', () => {
    const notes = describeTrashNotRead('legacy', '13.0.1', { actions: [create('a'), create('b'), update('c')] }, { environment: 'prod', api: 'legacy', root: 'grafana' });
    expect(notes).toEqual([
      {
        kind: 'note',
        uid: null,
        code: 'trash-not-read',
        message: 'recently deleted: not checked: api "legacy" never reads /apis, where Grafana 13 keeps "Recently deleted"; dashsync plan --env prod --root grafana --api auto names a create whose uid was deleted there',
        actionMessage: 'recently deleted: not checked: api "legacy" never reads /apis, where Grafana 13 keeps "Recently deleted"; a plan whose "args" input holds --api auto names a create whose uid was deleted there',
      },
    ]);
    expect(describeTrashNotRead('legacy', '12.4.0', { actions: [create('a')] }, {})[0]).toMatchObject({ message: expect.stringContaining('where Grafana 12.4 keeps "Recently deleted" if its dashboards are on unified storage, which /api does not show (a stock 12.0–12.3, and a 12.4 that had more than 10 dashboards or folders when it first started as 12.4, keep them in legacy SQL storage, which deletes for good);') });
  });

  it('none through /apis, before 12.4 (legacy SQL storage deletes for good), on a hidden version, or without creates', () => {
    expect(describeTrashNotRead('k8s', '13.0.1', { actions: [create('a')] }, {})).toEqual([]);
    expect(describeTrashNotRead('legacy', '12.3.2', { actions: [create('a')] }, {})).toEqual([]);
    expect(describeTrashNotRead('legacy', '11.6.0', { actions: [create('a')] }, {})).toEqual([]);
    expect(describeTrashNotRead('legacy', null, { actions: [create('a')] }, {})).toEqual([]);
    expect(describeTrashNotRead('legacy', '13.0.1', { actions: [update('a')] }, {})).toEqual([]);
  });
});
