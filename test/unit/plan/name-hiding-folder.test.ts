import { describe, expect, it } from 'vitest';
import { describeError } from '../../../src/describe-error.js';
import { PermissionError } from '../../../src/errors.js';
import { nameHidingFolder } from '../../../src/plan/name-hiding-folder.js';
import { entry, folderEntry, liveFolder, tree } from './builders.js';

const TREE = tree({
  folders: [folderEntry({ uid: 'apps', title: 'Apps' }), folderEntry({ uid: 'k8s', title: 'K8s', dir: 'infra/k8s' })],
  dashboards: [entry({ uid: 'api', folderUid: 'apps', file: 'dashboards/apps/api.json' }), entry({ uid: 'net', folderUid: 'k8s', file: 'dashboards/infra/k8s/net.json' })],
});
const displayDir = (dir: string) => `dashboards/${dir}`;
const refusedRead = (uid: string) => new PermissionError('GET', `/api/dashboards/uid/${uid}`, 403, 'Access denied');
const hintOf = (error: unknown) => describeError(error, 'cli').hint;

describe("nameHidingFolder: the 403 hint judges the file's folder as the unreadable warning does (judgeHidingFolder)", () => {
  it('a folder the listing shows is not named as what hides it; one it leaves out is named as possibly hiding it; one proven hidden is named', () => {
    const listed = { liveFolders: new Map([['apps', liveFolder({ uid: 'apps' })]]), hiddenFolders: [] };

    expect(hintOf(nameHidingFolder(refusedRead('api'), TREE, displayDir, listed))).toContain('through the permissions of the folder that holds it, whatever their role');
    expect(hintOf(nameHidingFolder(refusedRead('net'), TREE, displayDir, listed))).toContain(
      'through the permissions of its folder "K8s" (uid k8s, directory dashboards/infra/k8s), which these credentials are not shown, or of the folder that holds it in Grafana, whatever their role',
    );
    expect(hintOf(nameHidingFolder(refusedRead('net'), TREE, displayDir, { ...listed, hiddenFolders: ['k8s'] }))).toContain(
      'through the permissions of its folder "K8s" (uid k8s, directory dashboards/infra/k8s), whatever their role',
    );
  });

  it('a folder the tree has at the top level was not moved there: the hint names its own permissions and no move back; a nested one keeps the move words (fixh-66)', () => {
    const nested = tree({ folders: [folderEntry({ uid: 'infra' }), folderEntry({ uid: 'k8s', title: 'K8s', dir: 'infra/k8s', parentUid: 'infra' })], dashboards: [entry({ uid: 'net', folderUid: 'k8s', file: 'dashboards/infra/k8s/net.json' })] });
    const listed = { liveFolders: new Map(), hiddenFolders: ['k8s'] };

    const atTop = hintOf(nameHidingFolder(refusedRead('net'), TREE, displayDir, listed));
    expect(atTop).toContain("grant these credentials' user or service account View on that folder to plan, Edit to apply (the tree has that folder at the top level too, so no move hid it: its own permissions in Grafana do))");
    expect(atTop).not.toMatch(/moved to the top level|move the folder back/);
    expect(hintOf(nameHidingFolder(refusedRead('net'), nested, displayDir, listed))).toContain('a folder moved to the top level in Grafana keeps no role grants of its own; grant');
  });

  it('without the listing, no folder is named', () => {
    expect(hintOf(nameHidingFolder(refusedRead('net'), TREE, displayDir, undefined))).toContain('through the permissions of the folder that holds it, whatever their role');
  });
});
