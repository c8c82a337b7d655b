import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCommittedVersions } from '../../../src/git/read-committed-versions.js';
import { readConfigHistory } from '../../../src/git/read-config-history.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';

// review-66a L6's second half: a config moved with `git mv` (run with --config at its new path) kept no committed inputs from
// before the move, so every file not committed since read as drift once an environment's inputs changed.
const config = (uid: string) => `${JSON.stringify({ environments: { prod: { inputs: { DS_PROM: uid } } }, concurrency: 4, backupDir: '.dashsync/backups' }, null, 2)}\n`;

describe('readConfigHistory and readCommittedVersions of a config moved with git mv', () => {
  it('follow the move: the texts from before it, and each commit\'s config read at the path it had then', async () => {
    const repo = await tempDir();
    await write(join(repo, 'dashsync.config.json'), config('prom-a'));
    await write(join(repo, 'dashboards/work.json'), '{ "uid": "work" }\n');
    await commitAll(repo, 'add');
    await write(join(repo, 'dashsync.config.json'), config('prom-b'));
    await commitAll(repo, 'prod: prom-b');
    await write(join(repo, 'deploy/.keep'), '');
    await git(repo, 'mv', 'dashsync.config.json', 'deploy/dashsync.json');
    await write(join(repo, 'deploy/dashsync.json'), config('prom-c'));
    await commitAll(repo, 'move the config; prod: prom-c');

    const history = await readConfigHistory(repo, join(repo, 'deploy/dashsync.json'));
    expect(history).toEqual({ texts: [config('prom-c'), config('prom-b'), config('prom-a')], formerPaths: ['dashsync.config.json'] });

    const file = join(repo, 'dashboards/work.json');
    const read = await readCommittedVersions([file], { cwd: repo, depth: 5, tree: repo, configFile: join(repo, 'deploy/dashsync.json'), configFormerPaths: history.formerPaths });
    expect(read?.versions.get(file)?.map((version) => version.config)).toEqual([config('prom-a')]);
    // Without the former paths that commit holds no config at today's path.
    const unfollowed = await readCommittedVersions([file], { cwd: repo, depth: 5, tree: repo, configFile: join(repo, 'deploy/dashsync.json') });
    expect(unfollowed?.versions.get(file)?.map((version) => version.config)).toEqual([null]);
  });

  it('reads nothing for a config never committed, and only its own path for one never moved', async () => {
    const repo = await tempDir();
    await write(join(repo, 'dashsync.config.json'), config('prom-a'));
    await write(join(repo, 'other.json'), config('prom-a'));
    await commitAll(repo, 'add');
    expect(await readConfigHistory(repo, join(repo, 'dashsync.config.json'))).toEqual({ texts: [config('prom-a')], formerPaths: [] });
    await write(join(repo, 'new.json'), '{}\n');
    expect(await readConfigHistory(repo, join(repo, 'new.json'))).toEqual({ texts: [], formerPaths: [] });
  });
});
