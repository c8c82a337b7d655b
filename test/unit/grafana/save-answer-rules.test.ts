import { describe, expect, it } from 'vitest';
import { folderAnswerShowsSave, libraryPanelAnswerShowsSave } from '../../../src/grafana/save-not-landed.js';

describe('libraryPanelAnswerShowsSave: Grafana answers a library panel save with its uid at version 1 (a create) or one above the version sent', () => {
  it.each([
    ['a create answered at version 1', { uid: 'lp', version: 1 }, null, true],
    ['an update answered at the next version', { uid: 'lp', version: 4 }, 3, true],
    ['an update answered at the version sent (a PATCH always counts one)', { uid: 'lp', version: 3 }, 3, false],
    ['a made-up success naming the uid, no version', { uid: 'lp', version: 0 }, null, false],
    ['another panel', { uid: 'other', version: 1 }, null, false],
    ['an empty answer', { uid: '', version: 0 }, 2, false],
  ] as const)('%s', (_, answer, sent, shown) => {
    expect(libraryPanelAnswerShowsSave(answer, 'lp', sent)).toBe(shown);
  });
});

describe('folderAnswerShowsSave: Grafana answers a folder write with the folder saved, as the write set it', () => {
  const folder = { uid: 'ops', title: 'Ops', parentUid: 'infra' as string | null, version: 2 };

  it.each([
    ['a create as sent', folder, { uid: 'ops', title: 'Ops', parentUid: 'infra' }, null, true],
    ['a create whose answer Grafana trimmed', { ...folder, title: 'Ops' }, { uid: 'ops', title: ' Ops ', parentUid: 'infra' }, null, true],
    ['a create answered under another parent', folder, { uid: 'ops', title: 'Ops', parentUid: null }, null, false],
    ['a retitle at the next version (its parent not asked)', { ...folder, parentUid: null }, { uid: 'ops', title: 'Ops' }, 1, true],
    ['a retitle answered at the version sent', folder, { uid: 'ops', title: 'Ops' }, 2, false],
    ['a retitle answered without a version (12.0.0, /apis)', { ...folder, version: undefined }, { uid: 'ops', title: 'Ops' }, 5, true],
    ['a move (its title not asked)', { ...folder, title: 'Renamed since' }, { uid: 'ops', parentUid: 'infra' }, null, true],
    ['a made-up success naming the uid only', { uid: 'ops', title: '', parentUid: null, version: 0 }, { uid: 'ops', title: 'Ops', parentUid: null }, null, false],
    ['a message', { uid: '', title: '', parentUid: null }, { uid: 'ops', title: 'Ops', parentUid: null }, null, false],
  ] as const)('%s', (_, answer, wanted, sentVersion, shown) => {
    expect(folderAnswerShowsSave(answer, wanted, sentVersion)).toBe(shown);
  });
});
