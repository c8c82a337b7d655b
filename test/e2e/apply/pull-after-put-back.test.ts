import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { pasteInShell } from '../../helpers/paste-in-shell.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { exampleWorkspace, useApi, type Workspace } from './workspace.js';
import { editModel, FILE, setUid, TITLE, UID } from './pruned-after-edit.js';

// Every test runs the CLI several times against one sandbox, and pastes the printed steps into a shell.
vi.setConfig({ testTimeout: 120_000 });

const REVIEWED = `${TITLE} (reviewed in git)`;

async function specOf(workspace: Workspace): Promise<Record<string, any>> {
  const document = JSON.parse(await readFile(join(workspace.dir, FILE), 'utf8'));
  return document.spec ?? document;
}

/**
 * review-68a H1/M1: the example tree applied; a retitle committed and not applied; dave's edit in Grafana; the file removed,
 * committed and pruned; the dashboard restored (13: from "Recently deleted"; 12 through /api: from its backup); the file put
 * back as restore's advice says (`git checkout <removal>^ -- file`, which holds the retitle) and committed. `oldBackup`: the
 * backup without the push dave's edit was saved over (`held.over`), as a release before fixl-67 wrote it.
 */
async function putBackAfterRestore(grafanaVersion: '12' | '13', oldBackup = false) {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const workspace = await exampleWorkspace(sandbox, { resources: true });
  await useApi(workspace, 'auto');
  await commitAll(workspace.dir, 'the tree');
  expect((await workspace.cli(['apply'])).code).toBe(0);
  await editModel(workspace, FILE, (spec) => void (spec.title = REVIEWED));
  await commitAll(workspace.dir, 'retitle, not applied');
  const edited = await apiRequest(sandbox, 'POST', '/__sandbox/ui-edit', { uid: UID, user: 'dave', spec: { description: 'tuned by dave' }, message: 'tuned' });
  expect(edited.status).toBe(200);
  await rm(join(workspace.dir, FILE));
  await commitAll(workspace.dir, 'remove mysql');
  const removal = (await git(workspace.dir, 'rev-parse', 'HEAD')).trim();
  expect((await workspace.cli(['apply', '--prune', '--force'])).code).toBe(0);
  const backups = join(workspace.dir, '.dashsync/backups', UID);
  const [name] = await readdir(backups);
  const backup = JSON.parse(await readFile(join(backups, name!), 'utf8'));
  expect(backup.held?.over).toBeDefined();
  if (oldBackup) {
    delete backup.held.over;
    await writeFile(join(backups, name!), JSON.stringify(backup, null, 2));
  }
  const legacy = grafanaVersion === '12' ? ['--api', 'legacy'] : [];
  const from = grafanaVersion === '12' ? ['--from-backup', join('.dashsync/backups', UID, name!)] : [];
  const restored = await workspace.cli(['restore', UID, ...legacy, ...from]);
  expect(restored.code, restored.stderr).toBe(0);
  const putBack = `git checkout ${removal.slice(0, 12)}^ -- ${FILE}`;
  expect(restored.stdout + restored.stderr).toContain(putBack);
  await git(workspace.dir, 'checkout', `${removal}^`, '--', FILE);
  await commitAll(workspace.dir, 'put mysql back');
  const putBackIn = (await git(workspace.dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
  expect((await specOf(workspace)).title).toBe(REVIEWED);
  return { sandbox, workspace, legacy, putBackIn };
}

/** The pull refuses, the file as it was; its steps (`git checkout -p`), pasted with `answers`, keep git's changes and dave's edit. */
async function refusedThenPasted(context: Awaited<ReturnType<typeof putBackAfterRestore>>, words: RegExp, answers: string): Promise<Record<string, any>> {
  const { sandbox, workspace, legacy } = context;
  const dry = await workspace.cli(['pull', ...legacy, UID, '--dry-run']);
  expect(dry.stdout).not.toMatch(/would update/);
  const pulled = await workspace.cli(['pull', ...legacy, UID]);
  expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
  expect(pulled.stdout).toMatch(words);
  expect((await specOf(workspace)).title).toBe(REVIEWED);
  // Interactive steps where no push shows what was applied; a three-way merge from the push where git's history holds it.
  const steps = /To merge by hand, run: (.*?) \((?:git checkout -p asks|where git apply reports a conflict)/.exec(pulled.stdout)?.[1];
  expect(steps, pulled.stdout).toBeDefined();
  const merged = await pasteInShell(sandbox, workspace.dir, steps!, steps!.includes('checkout -p') ? answers : '');
  expect(merged.code, merged.stdout + merged.stderr).toBe(0);
  return specOf(workspace);
}

describe('pull after a restore, the file put back as restore advises with a commit never applied (review-68a H1)', () => {
  it.each(['13', '12'] as const)('Grafana %s: refused, not a plain `updated`; the pasted steps keep the retitle and dave\'s edit', async (grafanaVersion) => {
    const context = await putBackAfterRestore(grafanaVersion);
    // Through /api (12, --api legacy) dave's identity, recorded through /apis by the prune, is not looked up: said so, not
    // "deleted since" (review-68a L6).
    const saver =
      grafanaVersion === '12'
        ? "version 1 by user:\\S+ \\(a user as Grafana's /apis records it, which this run through /api cannot look up: run through /apis, api auto or k8s, to see the name\\) at \\S+"
        : 'version 1 by dave at \\S+';
    // The history read past the deletion the put-back undid (walk-68 M2) holds the push: a three-way merge from it.
    const words = new RegExp(`changed on both sides since dashsync applied version 1 \\(before its delete; dashsync's restore took Grafana's save back from [^)]*\\): in git by [0-9a-f]{12}, not applied yet, and in Grafana \\(${saver}\\)`);
    // The differences, in the file's order: dave's description (keep Grafana's), the schemaVersion Grafana's migration stored
    // (keep it), the title (take yours back).
    const spec = await refusedThenPasted(context, words, 'n\nn\ny\n');
    expect(spec.title).toBe(REVIEWED);
    expect(spec.description).toBe('tuned by dave');
  });
});

describe('pull after a restore with no push recorded, the file put back and changed again (review-68a M1)', () => {
  it('names the put-back commit among the changes; the pasted steps keep both commits and dave\'s edit', async () => {
    const context = await putBackAfterRestore('13', true);
    const { workspace, putBackIn } = context;
    await editModel(workspace, FILE, (spec) => void (spec.tags = [...(spec.tags ?? []), 'second-change']));
    await commitAll(workspace.dir, 'tag');
    const head = (await git(workspace.dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const words = new RegExp(
      `and git changed the file in ${putBackIn} to ${head} \\(2 commits, the first of them putting the file back: no push recorded shows what it held before the delete was applied\\) to content Grafana never had, not applied yet`,
    );
    // The differences, in the file's order: dave's description (keep Grafana's), the stored schemaVersion with the tag beside
    // it (take yours back), the title (take yours back).
    const spec = await refusedThenPasted(context, words, 'n\ny\ny\n');
    expect(spec.title).toBe(REVIEWED);
    expect(spec.tags).toContain('second-change');
    expect(spec.description).toBe('tuned by dave');
  });
});

describe('pull <old uid> after two commits changed the file\'s uid (review-68a L2)', () => {
  it('the note names the uid the first commit gave, and the one the file holds now', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const workspace = await exampleWorkspace(sandbox, { resources: true });
    await useApi(workspace, 'auto');
    await commitAll(workspace.dir, 'the tree');
    expect((await workspace.cli(['apply'])).code).toBe(0);
    const renamed = async (uid: string) => {
      await setUid(workspace, FILE, uid);
      await commitAll(workspace.dir, `uid ${uid}`);
      return (await git(workspace.dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    };
    const first = await renamed(`${UID}-2`);
    await renamed(`${UID}-3`);
    const pulled = await workspace.cli(['pull', UID]);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stderr).toContain(`${FILE} held uid ${UID} until commit ${first}, which changed it to ${UID}-2 (${UID}-3 now); this pull wrote ${UID} as a second file, and the next apply keeps that dashboard and creates ${UID}-3 beside it.`);
  });
});
