import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLibraryPullRecord, libraryPullsOutsideGit, pulledContentDigest } from '../../src/pull/library-pull-record.js';

const run = promisify(execFile);

async function tempDir(): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'dashsync-pull-record-')));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function repository(): Promise<string> {
  const dir = await tempDir();
  await run('git', ['init', '-q', dir]);
  return dir;
}

const panel = (title: string) => `${JSON.stringify({ uid: 'lp-cpu', name: 'CPU', kind: 1, model: { title } }, null, 2)}\n`;
// No org given: the credentials act in org 1 (the run's GET /api/user).
const GRAFANA = { urlSha256: 'a'.repeat(64), orgId: undefined, credentialsOrgId: async () => 1 };

describe("the record of the _library/ file contents this clone's pulls saw Grafana hold (walk-71 M3)", () => {
  it("keeps them in git's own directory, per Grafana and org, one content of any spelling once", async () => {
    const dir = await repository();
    await mkdir(join(dir, 'dashboards'));
    const record = createLibraryPullRecord(join(dir, 'dashboards'), GRAFANA);
    await record.note('lp-cpu', panel('cpu'), 1);
    await record.note('lp-cpu', JSON.stringify(JSON.parse(panel('cpu'))), 1);
    await record.note('lp-cpu', panel('cpu 2'), 2);

    expect(await readdir(join(dir, '.git/dashsync/library-pulls'))).toEqual(['lp-cpu.json']);
    expect([...(await record.contentsOf('lp-cpu'))].sort()).toEqual([pulledContentDigest(panel('cpu')), pulledContentDigest(panel('cpu 2'))].sort());
    expect((await run('git', ['status', '--porcelain'], { cwd: dir })).stdout).toBe('');
    // Another Grafana, or another org of this one, had none of them.
    expect((await createLibraryPullRecord(dir, { ...GRAFANA, urlSha256: 'b'.repeat(64) }).contentsOf('lp-cpu')).size).toBe(0);
    expect((await createLibraryPullRecord(dir, { ...GRAFANA, orgId: 2 }).contentsOf('lp-cpu')).size).toBe(0);
  });

  it('records nothing outside a repository, nor for a uid that is no Grafana uid; a record that is no JSON counts as none', async () => {
    const outside = await tempDir();
    const loose = createLibraryPullRecord(outside, GRAFANA);
    await loose.note('lp-cpu', panel('cpu'), 1);
    expect((await loose.contentsOf('lp-cpu')).size).toBe(0);
    expect(await readdir(outside)).toEqual([]);

    const dir = await repository();
    const record = createLibraryPullRecord(dir, GRAFANA);
    await record.note('../escape', panel('cpu'), 1);
    expect(await readdir(join(dir, '.git'))).not.toContain('dashsync');
    await record.note('lp-cpu', panel('cpu'), 1);
    await writeFile(join(dir, '.git/dashsync/library-pulls/lp-cpu.json'), '{ not json');
    expect((await record.contentsOf('lp-cpu')).size).toBe(0);
  });

  // fixl-74: a bootstrap pull before `git init` recorded nothing, so pull --prune could not tell its panels from files new in git.
  // fixl-75: kept in the tree's root, found whatever directory a run starts in.
  it("keeps it in .dashsync/library-pulls/ of the tree's root before git init, read beside git's (which takes new entries) once git holds the tree", async () => {
    const dir = await tempDir();
    const root = join(dir, 'dashboards');
    await mkdir(root);
    const elsewhere = await tempDir();
    const options = libraryPullsOutsideGit(root, elsewhere);
    expect(options).toEqual({ outsideGit: join(root, '.dashsync/library-pulls'), formerOutsideGit: join(elsewhere, '.dashsync/library-pulls') });
    const bootstrap = createLibraryPullRecord(root, GRAFANA, options);
    await bootstrap.note('lp-cpu', panel('cpu'), 1);
    expect(await readdir(join(root, '.dashsync/library-pulls'))).toEqual(['lp-cpu.json']);
    expect(await readdir(elsewhere)).toEqual([]);
    expect(await bootstrap.places()).toEqual([join(root, '.dashsync/library-pulls')]);

    await run('git', ['init', '-q', dir]);
    // Run from the project's directory now: the same record.
    const record = createLibraryPullRecord(root, GRAFANA, libraryPullsOutsideGit(root, dir));
    expect([...(await record.contentsOf('lp-cpu'))]).toEqual([pulledContentDigest(panel('cpu'))]);
    await record.note('lp-cpu', panel('cpu 2'), 2);
    expect(await readdir(join(dir, '.git/dashsync/library-pulls'))).toEqual(['lp-cpu.json']);
    expect([...(await record.contentsOf('lp-cpu'))].sort()).toEqual([pulledContentDigest(panel('cpu')), pulledContentDigest(panel('cpu 2'))].sort());
    expect(await record.places()).toEqual([join(dir, '.git/dashsync/library-pulls'), join(root, '.dashsync/library-pulls')]);
    // Another Grafana's entries there do not count either.
    expect((await createLibraryPullRecord(root, { ...GRAFANA, urlSha256: 'b'.repeat(64) }, options).contentsOf('lp-cpu')).size).toBe(0);
  });

  it('still reads the record an earlier dashsync kept in the working directory, and never writes there', async () => {
    const dir = await tempDir();
    const root = join(dir, 'dashboards');
    await mkdir(root);
    // What fixl-74's dashsync left after a bootstrap pull run in `dir`.
    await createLibraryPullRecord(root, GRAFANA, { outsideGit: join(dir, '.dashsync/library-pulls') }).note('lp-cpu', panel('cpu'), 1);
    await run('git', ['init', '-q', dir]);

    const fromProject = createLibraryPullRecord(root, GRAFANA, libraryPullsOutsideGit(root, dir));
    expect([...(await fromProject.contentsOf('lp-cpu'))]).toEqual([pulledContentDigest(panel('cpu'))]);
    expect(await fromProject.places()).toEqual([join(dir, '.git/dashsync/library-pulls'), join(dir, '.dashsync/library-pulls')]);
    await fromProject.note('lp-mem', panel('mem'), 1);
    expect(await readdir(join(dir, '.dashsync/library-pulls'))).toEqual(['lp-cpu.json']);
    // With the root as the working directory, the two places are one: named once.
    expect(libraryPullsOutsideGit(dir, dir)).toEqual({ outsideGit: join(dir, '.dashsync/library-pulls') });
  });

  // fixk-75 (rev-75 F10): keyed by the org the credentials act in, so two org-bound tokens of one Grafana keep apart.
  it("keys entries by the org the credentials act in, counts no entry written without an org, and records nothing where that org is unknown", async () => {
    const dir = await repository();
    await createLibraryPullRecord(dir, GRAFANA).note('lp-cpu', panel('cpu'), 1);
    expect((await createLibraryPullRecord(dir, { ...GRAFANA, credentialsOrgId: async () => 2 }).contentsOf('lp-cpu')).size).toBe(0);
    expect([...(await createLibraryPullRecord(dir, { ...GRAFANA, orgId: 1 }).contentsOf('lp-cpu'))]).toEqual([pulledContentDigest(panel('cpu'))]);
    // What an earlier dashsync wrote for "the credentials' own org": any org's, so none's.
    const path = join(dir, '.git/dashsync/library-pulls/lp-mem.json');
    await writeFile(path, JSON.stringify({ pulls: [{ grafana: GRAFANA.urlSha256, orgId: null, content: pulledContentDigest(panel('mem')), version: 1, at: '2026-12-01T00:00:00.000Z' }] }));
    expect((await createLibraryPullRecord(dir, GRAFANA).contentsOf('lp-mem')).size).toBe(0);

    const unknown = createLibraryPullRecord(dir, { ...GRAFANA, credentialsOrgId: async () => null });
    await unknown.note('lp-disk', panel('disk'), 1);
    expect(await readdir(join(dir, '.git/dashsync/library-pulls'))).not.toContain('lp-disk.json');
    expect(unknown.unrecorded()).toBe('Grafana did not say which org the credentials act in (GET /api/user)');
  });

  // fixk-75 (rev-75 F12): a root-owned record left in another user's checkout.
  it('records outside git only where git said the tree is in no repository, not where git refused to answer', async () => {
    const root = await tempDir();
    const options = libraryPullsOutsideGit(root, root);
    const refused = createLibraryPullRecord(root, GRAFANA, { commonDir: null, gitFailure: { failure: 'dubious-ownership', error: 'git refuses this repository' }, ...options });
    await refused.note('lp-cpu', panel('cpu'), 1);
    expect(await readdir(root)).toEqual([]);
    expect(refused.unrecorded()).toBe('git gave no answer: git refuses this repository');

    const loose = createLibraryPullRecord(root, GRAFANA, { commonDir: null, gitFailure: { failure: 'not-a-repository', error: 'not a git repository' }, ...options });
    await loose.note('lp-cpu', panel('cpu'), 1);
    expect(await readdir(join(root, '.dashsync/library-pulls'))).toEqual(['lp-cpu.json']);
    expect(loose.unrecorded()).toBeNull();

    // No git on the machine: a bootstrap before git exists, recorded outside git as where git says "no repository".
    const noGit = createLibraryPullRecord(root, GRAFANA, { commonDir: null, gitFailure: { failure: 'not-installed', error: 'git is not installed (no git on PATH)' }, ...options });
    await noGit.note('lp-mem', panel('mem'), 1);
    expect((await readdir(join(root, '.dashsync/library-pulls'))).sort()).toEqual(['lp-cpu.json', 'lp-mem.json']);
    expect(noGit.unrecorded()).toBeNull();
  });
});
