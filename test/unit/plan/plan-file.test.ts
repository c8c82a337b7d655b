import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PlanFileError } from '../../../src/errors.js';
import { readPlanFile, validatePlan, writePlanFile } from '../../../src/plan/plan-file.js';
import { action, plan } from './builders.js';

const saved = plan({
  dashboards: [action({ uid: 'new', action: 'create' }), action({ uid: 'cpu', action: 'update' }), action({ uid: 'gone', action: 'delete' })],
  folders: [{ action: 'folder-create', uid: 'team', title: 'Team', parentUid: null, dir: 'team', live: null, changes: [] }],
});

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

  it('says where it could not write, as a plan-file error', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-file-'));
    const path = join(dir, 'missing-dir', 'plan.json');
    await expect(writePlanFile(path, saved)).rejects.toThrow(new PlanFileError(`cannot write the plan to ${path}: ENOENT`));
    expect(await readdir(dir)).toEqual([]);
  });

  it('names the file and what to do when it is missing or not JSON', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-plan-file-'));
    const path = join(dir, 'plan.json');
    await expect(readPlanFile(path)).rejects.toThrow(`cannot read plan file ${path}: ENOENT`);
    await writeFile(path, '{"formatVersion": 1,');
    await expect(readPlanFile(path)).rejects.toThrow(`${path} is not a dashsync plan (invalid JSON); create one with: dashsync plan --out ${path}`);
  });
});

describe('validatePlan', () => {
  const refuse = (value: unknown) => () => validatePlan(value, 'plan.json');

  it('refuses an unknown format version, saying which one this dashsync reads', () => {
    expect(refuse({ ...saved, formatVersion: 2 })).toThrow(PlanFileError);
    expect(refuse({ ...saved, formatVersion: 2 })).toThrow('plan.json has plan format version 2, this dashsync reads version 1; re-run dashsync plan with this version');
    expect(refuse([])).toThrow('plan.json is not a dashsync plan (no formatVersion)');
  });

  it.each([
    [{ ...saved.dashboards[0], uid: undefined }, 'dashboards[0] has no uid'],
    [{ ...saved.dashboards[0], action: 'replace' }, 'dashboards[0] (uid new) has an unknown action "replace"'],
    [{ ...saved.dashboards[1], contentHash: null }, 'dashboards[0] (uid cpu) (update) needs its file and contentHash'],
    [{ ...saved.dashboards[1], live: { version: '3' } }, 'dashboards[0] (uid cpu) (update) needs the live version it was planned against'],
    [{ ...saved.dashboards[2], live: null }, 'dashboards[0] (uid gone) (delete) needs the live version it was planned against'],
    [{ ...saved.dashboards[0], folderUid: 7 }, 'dashboards[0] (uid new) has a folderUid that is not a string or null'],
  ])('refuses a broken dashboard action: %j', (broken, problem) => {
    expect(refuse({ ...saved, dashboards: [broken] })).toThrow(`plan.json is not a valid dashsync plan: ${problem}; re-run dashsync plan --out plan.json`);
  });

  it('refuses a broken folder action', () => {
    expect(refuse({ ...saved, folders: [{ ...saved.folders[0], action: 'folder-rename' }] })).toThrow('folders[0] (uid team) has an unknown action "folder-rename"');
  });
});
