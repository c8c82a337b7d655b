import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { dashboard, libraryWorkspace } from './library-panels/library-tree.js';

describe("plan on a tree gdg wrote (each nested folder's directory its title URL-encoded)", () => {
  it('warns once per such directory, naming the title it stands for and the _folder.json to write', async () => {
    const sandbox = await startTestSandbox();
    const ws = await libraryWorkspace(sandbox, {
      'dashsync.config.json': { root: 'dashboards' },
      'dashboards/Team+A/a.json': dashboard('a', 'A', []),
      'dashboards/plain/p.json': dashboard('p', 'P', []),
    });
    const planned = await ws.cli(['plan']);
    expect(planned.stderr).toBe('');
    expect(planned.code).toBe(0);
    expect(planned.stdout.split('\n').filter((line) => line.includes('folder-name-url-encoded'))).toEqual([
      '  ! dashboards/Team+A: directory name "Team+A" looks like gdg\'s URL-encoded folder title "Team A": dashsync titles a folder by its directory name as written, so its folder would be titled "Team+A", ' +
        'with a uid derived from the path, not the live folder\'s. Pull the dashboards (dashsync pull writes each folder\'s _folder.json with its live uid and title), or give this directory a _folder.json {"uid":"<the live folder\'s uid>","title":"Team A"} (folder-name-url-encoded)',
    ]);
  });
});
