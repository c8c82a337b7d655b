import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, dashsync, git, makeWorkDir } from '../../pull/pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

const model = (uid: string, title: string) => ({ uid, title, schemaVersion: 39, panels: [{ id: 1, type: 'stat', title: 'Up', gridPos: { x: 0, y: 0, w: 6, h: 4 } }] });

/** Sets the `description` of a dashboard file (pretty JSON, as committed), without committing it. */
async function describeIn(dir: string, file: string, description: string): Promise<void> {
  const path = join(dir, 'dashboards', file);
  await writeFile(path, `${JSON.stringify({ ...JSON.parse(await readFile(path, 'utf8')), description }, null, 2)}\n`);
}

/** The newest version message Grafana keeps for `uid` (`/api`'s versions list). */
async function newestMessage(sandbox: SandboxHandle, uid: string): Promise<string> {
  const listed = await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}/versions?limit=1`);
  const versions = Array.isArray(listed.body) ? listed.body : listed.body.versions;
  return versions[0].message as string;
}

const liveDescription = async (sandbox: SandboxHandle, uid: string) => (await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}`)).body.dashboard.description as string | undefined;

// walk-66 M3: an apply from a checkout with an edit not committed pushed it under HEAD's `[commit …]`, as if that commit held
// it; the next unreviewed apply from any other clone (a CI run of main) reverted it without a word, exit 0. Such a push's
// note now says `[uncommitted]`, and a plan of a checkout holding that file as committed reads that save as someone else's
// change: held by an apply no one reviewed, and taken by pull. The pushing checkout, its change still not committed, goes on.
describe.each([
  { grafanaVersion: '13' as const, api: 'auto' as const },
  { grafanaVersion: '12' as const, api: 'auto' as const },
  { grafanaVersion: '12' as const, api: 'legacy' as const },
])('two clones of one repository, one applying from a dirty checkout (Grafana $grafanaVersion, api $api)', ({ grafanaVersion, api }) => {
  it('the push says [uncommitted]; the other clone\'s unreviewed apply keeps it as drift (exit 1), and its pull takes it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const first = await makeWorkDir();
    await writeFile(join(first, 'dashsync.config.json'), `${JSON.stringify({ root: 'dashboards', api })}\n`);
    await mkdir(join(first, 'dashboards'));
    for (const [uid, title] of [['work', 'Workloads'], ['calm', 'Calm']] as const) await writeFile(join(first, 'dashboards', `${uid}.json`), `${JSON.stringify(model(uid, title), null, 2)}\n`);
    await commitAll(first, 'two dashboards');
    const applied = await dashsync(sandbox, first, ['apply', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const second = await makeWorkDir();
    await git(second, 'clone', '-q', first, '.');

    // The second clone applies a hotfix it never committed, with a change of calm it committed.
    await describeIn(second, 'work.json', 'hotfix, not committed');
    await describeIn(second, 'calm.json', 'committed');
    await git(second, 'commit', '-q', '-m', 'calm', '--', 'dashboards/calm.json');
    const secondHead = (await git(second, 'rev-parse', 'HEAD')).trim();
    const dirty = await dashsync(sandbox, second, ['apply', '--auto-approve']);
    expect(dirty.code, dirty.stdout + dirty.stderr).toBe(0);
    expect(dirty.stdout).toContain('updated: work "Workloads"');
    expect(await newestMessage(sandbox, 'work')).toMatch(/ \[uncommitted [0-9a-f]{12}\] \[content sha256:[0-9a-f]{16} (by|as) \S+\]$/);
    // A file committed as it is still names its commit.
    expect(await newestMessage(sandbox, 'calm')).toContain(` [commit ${secondHead}] [content sha256:`);
    // The second clone, its hotfix still not committed, goes on with it: its own work in progress, no drift there.
    await describeIn(second, 'work.json', 'hotfix, reworked');
    const again = await dashsync(sandbox, second, ['plan']);
    expect(again.stdout).toContain('~ update');
    expect(again.stdout).not.toContain('drift');
    await describeIn(second, 'work.json', 'hotfix, not committed');
    // The first clone takes the second's commit (not the hotfix: it was never committed).
    await git(first, 'fetch', '-q', second, 'HEAD');
    await git(first, 'merge', '-q', '--ff-only', 'FETCH_HEAD');

    // The first clone commits an unrelated change and applies as the Action's one-step apply would: the hotfix is kept.
    await describeIn(first, 'calm.json', 'from the first clone');
    await commitAll(first, 'calm again');
    const kept = await dashsync(sandbox, first, ['apply', '--auto-approve']);
    expect(kept.code, kept.stdout + kept.stderr).toBe(1);
    expect(kept.stdout).toMatch(
      /^  ! drift: work "Workloads" was last saved in Grafana by dashsync from a checkout whose file held changes not committed \(version \d+, as admin at \S+; its version message says \[uncommitted\]\): no commit holds that version, so it counts as someone else's change; no one reviewed this plan \(--auto-approve without a plan file\), so this apply leaves that version untouched \(a conflict\) unless it is run with --force \(to bring it in, run dashsync pull work first;/m,
    );
    expect(kept.stderr).toMatch(/conflict: work "Workloads" \(dashboards\/work\.json\) was last saved by dashsync from a checkout whose file held changes not committed \(version \d+, as admin at \S+\): no commit holds that version, so it counts as someone else's change, and no one reviewed a plan that overwrites that edit/);
    expect(kept.stdout).toContain('updated: calm "Calm"');
    expect(await liveDescription(sandbox, 'work')).toBe('hotfix, not committed');

    // The advice, followed: pull brings the hotfix into the first clone's file.
    const pulled = await dashsync(sandbox, first, ['pull', 'work']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toContain('updated  dashboards/work.json');
    expect(JSON.parse(await readFile(join(first, 'dashboards/work.json'), 'utf8')).description).toBe('hotfix, not committed');
  });
});

// review-68a L4: the usual flow, a hotfix tried dirty and then committed as it was (or respelled): the commit holds dashsync's
// own push, so the next plans say nothing of it (it was no edit made in Grafana) and the next change applies.
describe.each([
  { grafanaVersion: '13' as const, api: 'auto' as const },
  { grafanaVersion: '12' as const, api: 'legacy' as const },
])('a push from a dirty checkout, committed afterwards (Grafana $grafanaVersion, api $api)', ({ grafanaVersion, api }) => {
  it.each([false, true])('respelled when committed: %s', async (respelled) => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const dir = await makeWorkDir();
    await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ root: 'dashboards', api })}\n`);
    await mkdir(join(dir, 'dashboards'));
    await writeFile(join(dir, 'dashboards', 'work.json'), `${JSON.stringify(model('work', 'Workloads'), null, 2)}\n`);
    await commitAll(dir, 'one dashboard');
    expect((await dashsync(sandbox, dir, ['apply', '--auto-approve'])).code).toBe(0);
    await describeIn(dir, 'work.json', 'hotfix');
    expect((await dashsync(sandbox, dir, ['apply', '--auto-approve'])).code).toBe(0);
    expect(await newestMessage(sandbox, 'work')).toMatch(/ \[uncommitted[^\]]*\] /);
    const path = join(dir, 'dashboards', 'work.json');
    if (respelled) await writeFile(path, `${JSON.stringify(JSON.parse(await readFile(path, 'utf8')), null, 4)}\n`);
    await commitAll(dir, 'hotfix');
    await writeFile(path, `${JSON.stringify({ ...JSON.parse(await readFile(path, 'utf8')), title: 'Workloads v2' }, null, 2)}\n`);
    await commitAll(dir, 'next change');
    const next = await dashsync(sandbox, dir, ['apply', '--auto-approve']);
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(next.stdout).toContain('updated: work "Workloads v2"');
    expect(next.stdout + next.stderr).not.toMatch(/edit in git|drift|live edit/);
  });
});
