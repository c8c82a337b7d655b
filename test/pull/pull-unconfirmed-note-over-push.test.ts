import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, git, makeWorkDir } from './pull-fixture.js';

// stop 49 §16 (left by mend-review-15a): in a dashboard's history a content note whose saver Grafana does not confirm (the
// other API's note, `Anonymous`, a saver check refused) ended pull's look for dashsync's push. Such a note names whatever
// content its writer likes: a note copied into a UI save, naming the file's committed content, read as "dashsync pushed
// what git holds", and pull replaced a committed change that was never applied (exit 0, `updated`). Now the look goes on
// to the confirmed push below it, and the unconfirmed note can only add a refusal.

/** dashboards/work.json ("Workloads") committed and applied to `prod` (`applyArgs`); then a title change committed, not applied. */
async function committedOverAppliedPush(prod: SandboxHandle, applyArgs: string[]): Promise<{ dir: string; file: string; text: string; sha: string }> {
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'dashboards'));
  const file = join(dir, 'dashboards/work.json');
  await writeFile(file, `${JSON.stringify({ uid: 'work', title: 'Workloads', schemaVersion: 39, panels: [] }, null, 2)}\n`);
  await commitAll(dir, 'add work');
  const applied = await dashsync(prod, dir, ['apply', '--auto-approve', ...applyArgs]);
  expect(applied.code, applied.stderr).toBe(0);
  const text = (await readFile(file, 'utf8')).replace('"Workloads"', '"Workloads (PR)"');
  await writeFile(file, text);
  await commitAll(dir, 'pr: workloads title');
  return { dir, file, text, sha: (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12) };
}

/**
 * The message of dashsync's push of the tree in `dir` as it is now to another Grafana (`applyArgs`: which API writes its note):
 * a real content note naming the committed, unapplied content, as someone could copy it from there.
 */
async function noteOfPushElsewhere(dir: string, applyArgs: string[]): Promise<string> {
  const staging = await startTestSandbox({ grafanaVersion: '12' });
  const applied = await dashsync(staging, dir, ['apply', '--auto-approve', ...applyArgs]);
  expect(applied.code, applied.stderr).toBe(0);
  return (await apiRequest(staging, 'GET', '/api/dashboards/uid/work/versions/1')).body.message as string;
}

/** Someone saves dashboard work in `prod`'s UI twice (a description), the first save with `message` pasted as its message. */
async function uiSavesOverCopiedNote(prod: SandboxHandle, message: string): Promise<void> {
  for (const [description, pasted] of [['Edited in the Grafana UI', message], ['Edited in the Grafana UI again', undefined]]) {
    const edited = await fetch(`${prod.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: 'work', spec: { description }, ...(pasted && { message: pasted }) }) });
    expect(edited.status, await edited.text()).toBe(200);
  }
}

const REFUSED = (sha: string, repeated = '') =>
  new RegExp(`^refused +dashboards/work\\.json: changed on both sides since dashsync applied version 1: in git by ${sha}, not applied yet, and in Grafana \\(version 3 by editor at [^)]+\\)\\. To merge by hand, run: dashsync pull ${repeated}--force work && `, 'm');

describe("pull of a committed change under a UI save that copied a content note naming it, over dashsync's push of the commit before (Grafana 12)", () => {
  it('through /api: the copied /apis note (its saver unchecked there) no longer hides the push below it', async () => {
    const prod = await startTestSandbox({ grafanaVersion: '12' });
    const { dir, file, text, sha } = await committedOverAppliedPush(prod, ['--api', 'legacy']);
    const copied = await noteOfPushElsewhere(dir, []);
    expect(copied).toMatch(/\[content sha256:[0-9a-f]{16} by [^\]]+\]$/);
    await uiSavesOverCopiedNote(prod, copied);

    const pulled = await dashsync(prod, dir, ['pull', '--api', 'legacy']);

    // main: exit 0, `updated`, the committed title replaced by Grafana's version.
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    expect(pulled.stdout).toMatch(REFUSED(sha, '--api legacy '));
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('through /apis: a copied /api note whose saver check was refused no longer hides the push below it', async () => {
    const prod = await startTestSandbox({ grafanaVersion: '12' });
    const { dir, file, text, sha } = await committedOverAppliedPush(prod, []);
    const copied = await noteOfPushElsewhere(dir, ['--api', 'legacy']);
    expect(copied).toMatch(/\[content sha256:[0-9a-f]{16} as [^\]]+\]$/);
    await uiSavesOverCopiedNote(prod, copied);
    // The check of an `as <name>` note read through /apis asks /api for that version's saver: refused here, so not told.
    prod.setFaults({ pathPrefix: '/api/dashboards/uid/work/versions/', methods: ['GET'], errorRate: 1, errorStatus: 403 });

    const pulled = await dashsync(prod, dir, ['pull']);

    // main: exit 0, `updated`, the committed title replaced by Grafana's version.
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    expect(pulled.stdout).toMatch(REFUSED(sha));
    expect(await readFile(file, 'utf8')).toBe(text);
  });
});
