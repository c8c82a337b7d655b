import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PlanFileError } from '../../../src/errors.js';
import { parsePlanFile, readPlanFile, validatePlan, writePlanFile } from '../../../src/plan/plan-file.js';
import { summarizePlan } from '../../../src/plan/summarize-plan.js';
import { action, folderAction, plan } from './builders.js';

const savedActions = [
  folderAction({ action: 'create', uid: 'team', title: 'Team' }),
  action({ uid: 'new', action: 'create', folderUid: 'team', dependsOn: ['folder:team'] }),
  action({ uid: 'cpu', action: 'update' }),
  action({ uid: 'gone', action: 'delete' }),
];
// Its summary counts its actions, as every plan's does (a saved plan's is counted again on read).
const saved = plan({ prune: 'all', actions: savedActions, summary: summarizePlan(savedActions) });
const [team, created, updated, deleted] = saved.actions as [unknown, unknown, unknown, unknown];

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('writePlanFile / readPlanFile', () => {
  it('round-trips the plan and leaves no temporary file behind', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-file-'));
    const path = join(dir, 'plan.json');
    await writePlanFile(path, saved);
    expect(await readPlanFile(path)).toEqual(saved);
    expect(await readdir(dir)).toEqual(['plan.json']);
  });

  it('writes a title with a bidi override or a runner command as escapes, and reads the same plan back', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-file-'));
    const path = join(dir, 'plan.json');
    const hostileActions = [action({ uid: 'cpu', action: 'update', title: 'CPU \u202eevil ##[error] \u0085end' })];
    const hostile = plan({ actions: hostileActions, summary: summarizePlan(hostileActions) });
    await writePlanFile(path, hostile);
    const text = await readFile(path, 'utf8');
    expect(text).toContain('CPU \\u202eevil #\\u0023[error] \\u0085end');
    expect(/[\u0080-\u009f\u202e]|##\[/.test(text)).toBe(false);
    expect(await readPlanFile(path)).toEqual(hostile);
  });

  // perf-54: apply parses the file once (its environment is chosen from the same parse); a file that parse cannot take is
  // read again by readPlanFile, which says why as before.
  it('reads the plan parsePlanFile parsed as it reads the file; one it could not parse, as before', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-file-'));
    await writePlanFile('plan.json', saved, dir);
    const parsed = await parsePlanFile('plan.json', dir);
    expect(await readPlanFile('plan.json', dir, 'apply', 'cli', parsed)).toEqual(await readPlanFile('plan.json', dir));
    await writeFile(join(dir, 'broken.json'), '{"formatVersion": ');
    expect(await parsePlanFile('broken.json', dir)).toBeNull();
    expect(await parsePlanFile('missing.json', dir)).toBeNull();
    await expect(readPlanFile('missing.json', dir, 'apply', 'cli', null)).rejects.toThrow('plan file missing.json not found; make one with: dashsync plan --out missing.json');
    await expect(readPlanFile('broken.json', dir, 'apply', 'cli', null)).rejects.toThrow(/^broken\.json is not a dashsync plan \(invalid JSON at 1:/);
  });

  it('makes a missing directory for the plan (plans/prod.json in a fresh checkout)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-file-'));
    await writePlanFile('plans/ci/plan.json', saved, dir);
    expect(await readPlanFile(join(dir, 'plans/ci/plan.json'))).toEqual(saved);
    expect(await readdir(join(dir, 'plans/ci'))).toEqual(['plan.json']);
  });

  it('says where it could not write and why in words, as a plan-file error', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-file-'));
    await writeFile(join(dir, 'notes'), 'a file, not a directory');
    await expect(writePlanFile('notes/plan.json', saved, dir)).rejects.toThrow(
      new PlanFileError('cannot write the plan to notes/plan.json: a part of that path is a file, not a directory (ENOTDIR); save the plan elsewhere, e.g. --out plan.json'),
    );
    expect(await readdir(dir)).toEqual(['notes']);
  });

  // followup-53: a plan file in the tree is read as no dashboard (recognizeNotADashboard), so only a folder's file or a
  // library panel's place is refused; the Action's default plan-file with `"root": "."` was refused before.
  it("writes a path inside the dashboards tree where a dashboard would be; refuses a _folder.json and a path below _library/", async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-file-'));
    const refused = {
      './dashboards/_folder.json': "its directory's _folder.json",
      'dashboards/team/_folder.json': "its directory's _folder.json",
      'dashboards/_library/plan.json': 'a library panel (a file below _library/)',
      'dashboards/team/_library/old/plan.json': 'a library panel (a file below _library/)',
    };
    for (const [path, readAs] of Object.entries(refused)) {
      await expect(writePlanFile(path, saved, dir)).rejects.toThrow(
        new PlanFileError(`cannot write the plan to ${path}: the dashboards tree dashboards would read it as ${readAs}; save the plan elsewhere, e.g. --out plan.json`),
      );
    }
    expect(await readdir(dir)).toEqual([]);
    for (const path of ['dashboards/plan.json', 'dashboards/team/plan.json', join(dir, 'dashboards/other.json'), 'dashboards/.plans/plan.json', 'dashboards/plan.txt', 'dashboards-plan.json']) {
      await writePlanFile(path, saved, dir);
      expect(await readPlanFile(resolve(dir, path))).toEqual(saved);
    }
  });

  it('names the file and what to do when it is missing or not JSON', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-file-'));
    const path = join(dir, 'plan.json');
    await expect(readPlanFile(path)).rejects.toThrow(`plan file ${path} not found; make one with: dashsync plan --out ${path}`);
    await writeFile(path, '{"formatVersion": 2,');
    await expect(readPlanFile(path)).rejects.toThrow(`${path} is not a dashsync plan (invalid JSON at 1:21: unexpected end of file (missing closing brace for the "{" at line 1, col 1)); apply takes a plan saved with: dashsync plan --out plan.json`);
  });

  it('never overwrites a file that is not a plan (a dashboard named by mistake), and says so', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-file-'));
    const path = join(dir, 'cpu.json');
    const dashboard = '{\n  "title": "CPU",\n  "uid": "cpu"\n}\n';
    await writeFile(path, dashboard);
    await expect(writePlanFile(path, saved)).rejects.toThrow(
      new PlanFileError(`${path} exists and is not a dashsync plan, so it was not overwritten; save the plan elsewhere, e.g. --out plan.json`),
    );
    expect(await readFile(path, 'utf8')).toBe(dashboard);
    await writeFile(path, 'notes, not JSON');
    await expect(writePlanFile(path, saved)).rejects.toThrow('exists and is not a dashsync plan');
    expect(await readdir(dir)).toEqual(['cpu.json']);
    // A plan.json of the user's own: the example names another path than the one refused.
    await writeFile(join(dir, 'plan.json'), 'notes');
    await expect(writePlanFile('plan.json', saved, dir)).rejects.toThrow('plan.json exists and is not a dashsync plan, so it was not overwritten; save the plan elsewhere, e.g. --out dashsync-plan.json');
  });

  it('replaces an earlier plan, the --format json output, or an empty file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-file-'));
    const path = join(dir, 'plan.json');
    for (const before of ['', JSON.stringify({ formatVersion: 1, output: 'dashsync plan --format json', target: { url: 'http://old' } }), JSON.stringify({ ...saved, createdAt: 'earlier' })]) {
      await writeFile(path, before);
      await writePlanFile(path, saved);
      expect(await readPlanFile(path)).toEqual(saved);
    }
  });

  it('names a directory given as --out', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-file-'));
    await expect(writePlanFile(dir, saved)).rejects.toThrow(`cannot write the plan to ${dir}: it is a directory; name a file, e.g. --out ${join(dir, 'plan.json')}`);
  });
});

describe('validatePlan', () => {
  const refuse = (value: unknown) => () => validatePlan(value, 'plan.json');

  it('refuses an unknown format version, saying which one this dashsync reads', () => {
    expect(refuse({ ...saved, formatVersion: 3 })).toThrow(PlanFileError);
    expect(refuse({ ...saved, formatVersion: 3 })).toThrow('plan.json has plan format version 3, this dashsync reads version 2; re-run dashsync plan with this version');
    expect(refuse([])).toThrow('plan.json is not a dashsync plan (no formatVersion)');
  });

  it('refuses a plan of format 1 with one line: plan again', () => {
    expect(refuse({ formatVersion: 1, target: saved.target, dashboards: [], folders: [] })).toThrow(
      new PlanFileError('plan.json was made by an earlier dashsync (plan format 1); plan again: dashsync plan --out plan.json'),
    );
  });

  it('refuses the public JSON (plan --format json) with where to get a plan from', () => {
    expect(refuse({ formatVersion: 1, output: 'dashsync plan --format json', dashboards: [], folders: [] })).toThrow(
      'plan.json is the output of dashsync plan --format json, for reading; apply takes a saved plan: dashsync plan --out plan.json',
    );
  });

  it('refuses a plan without the settings hash it was made with', () => {
    expect(refuse({ ...saved, settingsHash: undefined })).toThrow('plan.json is an incomplete dashsync plan (target, actions or settingsHash missing)');
  });

  it.each([
    [{ ...(created as object), uid: undefined }, 'actions[0] has no uid'],
    [{ ...(created as object), action: 'replace' }, 'actions[0] (dashboard new) has an unknown action "replace"'],
    [{ ...(updated as object), contentHash: null }, 'actions[0] (dashboard cpu) (update) needs its file and contentHash'],
    [{ ...(updated as object), live: { version: 3 } }, 'actions[0] (dashboard cpu) (update) needs the live revision it was planned against'],
    [{ ...(updated as object), live: { revision: '3', version: 3, internalId: '7' } }, 'actions[0] (dashboard cpu) has a live internalId that is not a positive integer'],
    [{ ...(updated as object), live: { revision: '3', version: 3, internalId: 0 } }, 'actions[0] (dashboard cpu) has a live internalId that is not a positive integer'],
    [{ ...(updated as object), live: { revision: '3', version: 3, metadataDigest: 'sha256:team' } }, 'actions[0] (dashboard cpu) has a live metadataDigest that is not a sha256: digest'],
    [{ ...(deleted as object), live: null }, 'actions[0] (dashboard gone) (delete) needs the live revision it was planned against'],
    [{ ...(created as object), folderUid: 7, dependsOn: [] }, 'actions[0] (dashboard new) has a folderUid that is not a string or null'],
    [{ ...(created as object) }, 'actions[0] (dashboard new) depends on folder:team, which is not in the plan'],
    [{ ...(created as object), kind: 'panel' }, 'actions[0] is not a dashboard, folder or library-panel action'],
    [{ ...(updated as object), liveDirectoryLeftOut: { dir: 'dashboards/sre', lists: 'x' } }, "actions[0] (dashboard cpu) has a liveDirectoryLeftOut that is not a move's {dir, lists, folderTitle}"],
  ])('refuses a broken dashboard action: %j', (broken, problem) => {
    expect(refuse({ ...saved, actions: [broken] })).toThrow(`plan.json is not a valid dashsync plan: ${problem}; re-run dashsync plan --out plan.json`);
  });

  it("reads a pull request's commit record (git.pullRequest), and a plan of an earlier release without one; refuses a hand-edited bad one in one line", () => {
    const head = 'c'.repeat(40);
    const git = { sha: 'b'.repeat(40), subject: 'Merge', actor: 'octocat', pullRequest: { head, base: 'a'.repeat(40), baseRef: 'main' } };
    expect(validatePlan({ ...saved, git }, 'plan.json').git).toEqual(git);
    expect(validatePlan({ ...saved, git: { ...git, pullRequest: { head, base: null, baseRef: null } } }, 'plan.json').git.pullRequest).toEqual({ head, base: null, baseRef: null });
    expect(validatePlan(saved, 'plan.json').git.pullRequest).toBeUndefined();
    const broken = (pullRequest: unknown) => refuse({ ...saved, git: { ...git, pullRequest } });
    const line = (problem: string) => `plan.json is not a valid dashsync plan: ${problem}; re-run dashsync plan --out plan.json`;
    expect(broken('main')).toThrow(line('git.pullRequest must be an object of head, base and baseRef'));
    expect(broken({ head: 'cccc', base: null, baseRef: 'main' })).toThrow(line('git.pullRequest.head must be a commit name (40 or 64 hex digits)'));
    expect(broken({ head, base: 'main', baseRef: 'main' })).toThrow(line('git.pullRequest.base must be a commit name (40 or 64 hex digits) or null'));
    expect(broken({ head, base: null, baseRef: 7 })).toThrow(line('git.pullRequest.baseRef must be a string or null'));
  });

  it("refuses a drift warning whose liveDirectoryLeftOut the shells could not render (a hand-edited plan), in one line", () => {
    const drift = { kind: 'drift', uid: 'cpu', title: 'CPU', version: 2, updatedBy: 'x', updated: '', message: null, sameContent: true };
    const leftOut = { dir: 'dashboards/sre', lists: 'environment "prod"\'s exclude in dashsync.config.json', folderTitle: 'SRE' };
    expect(validatePlan({ ...saved, warnings: [{ ...drift, liveDirectoryLeftOut: leftOut }] }, 'plan.json').warnings).toHaveLength(1);
    expect(refuse({ ...saved, warnings: [{ ...drift, liveDirectoryLeftOut: 'dashboards/sre' }] })).toThrow('warnings[0] (drift) has a liveDirectoryLeftOut that is not a {dir, lists, folderTitle} of strings');
  });

  it('refuses a broken folder action', () => {
    expect(refuse({ ...saved, actions: [{ ...(team as object), action: 'rename' }] })).toThrow('actions[0] (folder team) has an unknown action "rename"');
  });

  describe('a plan whose deletes contradict its own prune scope (issue 10) is refused, in one line', () => {
    const contradiction = (value: unknown) => {
      try {
        validatePlan(value, 'plan.json');
      } catch (error) {
        expect(error).toBeInstanceOf(PlanFileError);
        expect((error as Error).message).not.toContain('\n');
        return (error as Error).message;
      }
      throw new Error('not refused');
    };
    const inFolder = action({ uid: 'stray', action: 'delete', folderUid: 'team' });
    const atRoot = action({ uid: 'root-board', action: 'delete', folderUid: null });
    const folderDelete = folderAction({ uid: 'old', action: 'delete' });

    it('deletes with prune false', () => {
      expect(contradiction({ ...saved, prune: false, actions: [inFolder, atRoot] })).toBe(
        'plan.json contradicts itself: it deletes dashboard stray and 1 more but records prune false. Make the plan again with dashsync plan --prune --out plan.json',
      );
    });

    it('prune "folders": a dashboard delete at the General level or in a folder not recorded as managed', () => {
      expect(contradiction({ ...saved, prune: 'folders', managedFolders: ['team'], actions: [inFolder, atRoot] })).toBe(
        'plan.json contradicts itself: it deletes dashboard root-board in the General level, outside its prune scope "folders" (the folders it records as managed). Make the plan again with dashsync plan --out plan.json',
      );
      expect(contradiction({ ...saved, prune: 'folders', managedFolders: ['other'], actions: [inFolder] })).toContain(
        'it deletes dashboard stray in folder team, outside its prune scope "folders"',
      );
    });

    it('a folder delete of a folder not recorded as managed, whatever the scope', () => {
      expect(contradiction({ ...saved, prune: 'all', managedFolders: [], actions: [folderDelete] })).toContain(
        'it deletes folder old, which is not among the folders it records as managed',
      );
    });

    it('an unknown prune value', () => {
      expect(contradiction({ ...saved, prune: 'everything' })).toBe(
        'plan.json is not a valid dashsync plan: prune must be false, "folders" or "all"; re-run dashsync plan --out plan.json',
      );
    });

    it('accepts deletes inside the scope', () => {
      expect(validatePlan({ ...saved, prune: 'folders', managedFolders: ['old', 'team'], actions: [inFolder, folderDelete] }, 'plan.json').actions).toHaveLength(2);
      expect(validatePlan({ ...saved, prune: 'all', managedFolders: [], actions: [inFolder, atRoot] }, 'plan.json').actions).toHaveLength(2);
    });
  });
});
