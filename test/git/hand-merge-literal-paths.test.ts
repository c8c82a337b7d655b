import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeHandMerge } from '../../src/pull/describe-hand-merge.js';

// review-67b M3: pasted, the merge steps read `team/a[1].json` as a pattern: their commits took team/a1.json's work too.

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const GIT_CONFIG = ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main'];
const gitEnv = () => ({ ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_'))), GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' });

function git(root: string, ...args: string[]): string {
  return execFileSync('git', [...GIT_CONFIG, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: gitEnv() });
}

const board = (title: string, description: string) => `{\n  "uid": "a-1",\n  "title": "${title}",\n  "panels": [],\n  "schemaVersion": 39,\n  "tags": [],\n  "editable": true,\n  "description": "${description}"\n}\n`;

describe('describeHandMerge, pasted: a file whose name git reads as a pattern', () => {
  it('merges into that file and commits it alone; a look-alike file keeps its uncommitted work, uncommitted', () => {
    const root = mkdtempSync(join(tmpdir(), 'hand-merge-'));
    dirs.push(root);
    git(root, 'init', '-q');
    mkdirSync(join(root, 'team'));
    writeFileSync(join(root, 'team/a[1].json'), board('A', 'as pushed'));
    writeFileSync(join(root, 'team/a1.json'), board('A1', 'committed'));
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'the tree');
    const base = git(root, 'rev-parse', 'HEAD').trim();
    writeFileSync(join(root, 'team/a[1].json'), board('A (reviewed)', 'as pushed'));
    git(root, 'commit', '-qam', 'retitled');
    const head = git(root, 'rev-parse', 'HEAD').trim();
    writeFileSync(join(root, 'team/a1.json'), board('A1', 'work not committed'));

    // The pull that takes Grafana's version, as a stand-in: it writes the description someone saved there.
    const forcePull = `printf '%s' '${board('A', 'edited in Grafana')}' > 'team/a[1].json'`;
    const line = describeHandMerge({ uid: 'a-1', file: 'team/a[1].json', forcePull }, { head, base });
    const steps = /^To merge by hand, run: (.*) \(where git apply/s.exec(line)![1]!;
    expect(steps).not.toContain("-- 'team/a[1].json'");
    execFileSync('sh', ['-c', steps], { cwd: root, env: gitEnv(), stdio: 'pipe' });

    expect(readFileSync(join(root, 'team/a[1].json'), 'utf8')).toBe(board('A (reviewed)', 'edited in Grafana'));
    expect(readFileSync(join(root, 'team/a1.json'), 'utf8')).toBe(board('A1', 'work not committed'));
    expect(git(root, 'status', '--porcelain')).toBe(' M team/a1.json\n');
    expect(git(root, 'log', '--format=%s', '--name-only', `${head}..HEAD`)).toBe('a-1: merge ' + head.slice(0, 12) + ' with the pulled version\n\nteam/a[1].json\npull a-1 from Grafana\n\nteam/a[1].json\n');
  });
});
