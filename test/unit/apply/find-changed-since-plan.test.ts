import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChangedSincePlan } from '../../../src/apply/find-changed-since-plan.js';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { hashBytes } from '../../../src/files/hash-text.js';
import type { DashboardAction, FolderAction } from '../../../src/plan/types.js';
import { commitAll, git, makeWorkDir } from '../../pull/pull-fixture.js';

const model = (uid: string, description = '') => `${JSON.stringify({ uid, title: uid, description, schemaVersion: 39, panels: [] }, null, 2)}\n`;

function dashboard(uid: string, file: string): DashboardAction {
  return { kind: 'dashboard', action: 'noop', uid, title: uid, file, folderUid: null, live: null, contentHash: null, dependsOn: [], changes: [] };
}

function folder(uid: string, title: string, dir: string): FolderAction {
  return { kind: 'folder', action: 'noop', uid, title, parentUid: null, dir, live: null, dependsOn: [], changes: [] };
}

const settings = (cwd: string) => ({ root: cwd, cwd, configFile: join(cwd, 'dashsync.config.json'), inputs: {}, include: [], exclude: [] });

describe('findChangedSincePlan', () => {
  // action-54: with `"root": "."`, a commit touching package.json made git name a `.json` the plan did not read, and the
  // whole tree was listed to learn it is no tree file (one walk of every directory: docs/performance.md). Another tool's
  // file is told by its own bytes now. The probe: a directory whose name holds a line break, which the walk refuses
  // (the listing fails, and the answer is null): a run that lists nothing still answers.
  it('git names only another tool\'s file (package.json in a root "."): answered without listing the tree', async () => {
    const dir = await makeWorkDir();
    await writeFile(join(dir, 'package.json'), '{"name": "dashboards", "private": true, "version": "1.0.0"}\n');
    await writeFile(join(dir, 'cpu.json'), model('cpu'));
    await commitAll(dir, 'tree in the root');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim();
    await writeFile(join(dir, 'package.json'), '{"name": "dashboards", "private": true, "version": "1.0.1"}\n');
    await commitAll(dir, 'package.json only');
    await mkdir(join(dir, 'line\nbreak'));
    const plan = { root: '.', git: { sha }, actions: [dashboard('cpu', 'cpu.json')] };

    expect(await findChangedSincePlan(plan, settings(dir))).toEqual([]);

    // A dashboard file the plan did not read still needs the tree (include/exclude, links): listed, and so refused here.
    await writeFile(join(dir, 'added.json'), model('added'));
    await commitAll(dir, 'a dashboard added');
    expect(await findChangedSincePlan(plan, settings(dir))).toBeNull();
    await rm(join(dir, 'line\nbreak'), { recursive: true });
    expect(await findChangedSincePlan(plan, settings(dir))).toEqual([join(dir, 'added.json')]);
  });

  // perf-54: the files git names are looked up by the names the plan records before any of its names is resolved; a plan
  // that spells a name otherwise (hand-edited: `./team/cpu.json`) is still read as naming that file.
  it('a file git names is one the plan read, whether the plan records its name as dashsync writes it or spelled otherwise', async () => {
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'team'));
    await writeFile(join(dir, 'team/cpu.json'), model('cpu'));
    await commitAll(dir, 'tree');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim();
    await writeFile(join(dir, 'team/cpu.json'), model('cpu', 'edited since the plan'));
    await commitAll(dir, 'cpu edited');
    await mkdir(join(dir, 'line\nbreak'));
    const read = (file: string) => ({ root: '.', git: { sha }, actions: [{ ...dashboard('cpu', file), contentHash: 'sha256:planned' }] });

    // No listing of the tree either way (the directory the walk refuses would make it null).
    expect(await findChangedSincePlan(read('team/cpu.json'), settings(dir))).toEqual([join(dir, 'team/cpu.json')]);
    expect(await findChangedSincePlan(read('./team//cpu.json'), settings(dir))).toEqual([join(dir, 'team/cpu.json')]);
  });

  // stop 53 §6 left: a `_folder.json` removed since the plan was named by neither git (the listing no longer held it) nor the
  // digests (only files there were compared); the next plan takes the directory's own folder, another one.
  it('a `_folder.json` removed since the plan is changed, by git and by the plan\'s folders; not where the directory gives that folder anyway', async () => {
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'team'));
    await mkdir(join(dir, 'plain'));
    await writeFile(join(dir, 'team/_folder.json'), '{"uid": "team", "title": "Team"}\n');
    await writeFile(join(dir, 'plain/_folder.json'), `{"uid": "${deriveFolderUid('plain')}", "title": "plain"}\n`);
    await writeFile(join(dir, 'team/cpu.json'), model('cpu'));
    await writeFile(join(dir, 'plain/mem.json'), model('mem'));
    await commitAll(dir, 'two folders');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim();
    const hashed = async (uid: string, file: string) => ({ ...dashboard(uid, file), contentHash: hashBytes(await readFile(join(dir, file))) });
    const actions = [folder('team', 'Team', 'team'), folder(deriveFolderUid('plain'), 'plain', 'plain'), await hashed('cpu', 'team/cpu.json'), await hashed('mem', 'plain/mem.json')];
    await rm(join(dir, 'team/_folder.json'));
    await rm(join(dir, 'plain/_folder.json'));
    await commitAll(dir, 'folder files removed');

    // Git names both by their bytes, as it names a changed one.
    expect(await findChangedSincePlan({ root: '.', git: { sha }, actions }, settings(dir))).toEqual([join(dir, 'plain/_folder.json'), join(dir, 'team/_folder.json')]);
    // The plan's commit unknown here (a pull request's test merge): the plan's folders tell. plain/'s named the folder its
    // path gives without it: the next plan's folder there is the same one, so nothing changed that a plan reads.
    expect(await findChangedSincePlan({ root: '.', git: { sha: 'e'.repeat(40) }, actions }, settings(dir))).toEqual([join(dir, 'team/_folder.json')]);
  });
});
