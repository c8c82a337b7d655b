import { chmod, realpath, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { withoutRoot } from '../../helpers/without-root.js';
import { emptyWorkspace } from '../apply/workspace.js';
import { dashsync, lines, writeJson } from './plan-fixture.js';

const board = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });

// tree-56's walk: a directory link whose target the user running dashsync may not reach (a shared checkout in another user's
// home, the CI user not let in) was passed over without a word, so a prune took the dashboards whose files are behind it for
// ones without a file and planned to delete them. Root reaches any directory (CI runs as root): withoutRoot makes the bits bind.
describe('plan --prune and a link it cannot follow (EACCES, for real)', () => {
  it('stops before any request, naming the link and the directory it may not enter, instead of planning a delete', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await realpath(await emptyWorkspace());
    await writeJson(dir, 'dashboards/team/own.json', board('own', 'Own'));
    await writeJson(dir, 'shared/team-b/cpu.json', board('cpu', 'CPU'));
    // The shared checkout's dashboards are applied from it, and linked into this tree.
    expect((await dashsync(handle, dir, ['apply', '--root', 'shared'])).code).toBe(0);
    await symlink('../../shared/team-b', join(dir, 'dashboards/team/team-b'));
    expect((await dashsync(handle, dir, ['apply', '--prune', 'all'])).code).toBe(0);
    // Whoever can read it keeps the dashboard behind the link.
    const readable = await dashsync(handle, dir, ['plan', '--prune', 'all']);
    expect(lines(readable.stdout).filter((line) => line.startsWith('-'))).toEqual([]);

    await chmod(join(dir, 'shared'), 0o000);
    onTestFinished(() => chmod(join(dir, 'shared'), 0o755));
    const locked = await withoutRoot(dir, () => dashsync(handle, dir, ['plan', '--prune', 'all']));
    expect(locked.stdout).toBe('');
    expect(locked.stderr).toBe(
      `dashboards/team/team-b: error: a symlink whose target dashsync cannot reach: it points at "../../shared/team-b", and the user running dashsync may not enter the directory "${join(dir, 'shared')}" on its way: permission denied (EACCES), ` +
        `so prune cannot tell whether it is a directory holding dashboard files; let the user running dashsync in (chmod +x on "${join(dir, 'shared')}"), or remove the link, or run without prune (prune-behind-link)\n` +
        'error: 1 error in the dashboards tree; nothing was sent to Grafana. Fix the files above and run again.\n',
    );
    expect(locked.code).toBe(1);
    // Without prune nothing behind a link is read: the plan goes on, and says nothing of it.
    const quiet = await withoutRoot(dir, () => dashsync(handle, dir, ['plan']));
    expect([quiet.code, quiet.stdout.includes('team-b')]).toEqual([0, false]);
  });
});
