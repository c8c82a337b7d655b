import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { pasteInShell } from '../helpers/paste-in-shell.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, editInUi, git, lines, makeWorkDir } from './pull-fixture.js';

// walk-57, nl-58b: pull's refusal of a file holding a change not applied yet, over which someone saved in Grafana, ended in
// "git commit the pulled file, bring your change back from its commit, git commit": words, not commands. Its last steps are
// now commands, pasted here into a shell as printed (a `dashsync` on PATH that is the built CLI), to the end: the file holds
// both the change and the live edit, and the plan shows only the change.

/** A repository whose commits the pasted `git commit`s can make (an identity, no signing), with dashboards work and calm applied by dashsync. */
async function appliedTree(handle: SandboxHandle): Promise<string> {
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'dashboards'));
  const model = (uid: string, title: string) => ({ uid, title, schemaVersion: 39, panels: [{ id: 1, type: 'stat', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 } }] });
  // As pull and check --fix write files (canonicalJson): a hand merge's diff then meets the pulled file line for line.
  await writeFile(join(dir, 'dashboards/work.json'), canonicalJson(model('work', 'Workloads')));
  await writeFile(join(dir, 'dashboards/calm.json'), canonicalJson(model('calm', 'Calm')));
  await commitAll(dir, 'add dashboards');
  for (const [key, value] of [['user.name', 'Pasting user'], ['user.email', 'user@dashsync.invalid'], ['commit.gpgsign', 'false']]) await git(dir, 'config', key!, value!);
  const applied = await dashsync(handle, dir, ['apply', '--auto-approve']);
  expect(applied.code, applied.stderr).toBe(0);
  return dir;
}

/** The hand merge's commands, split where a conflict stops them: all of them, and the last (the commit after it). */
function handMergeOf(line: string): { steps: string; last: string } {
  const steps = /To merge by hand, run: (.*?) \((?:where git apply|git checkout -p)/.exec(line)?.[1];
  expect(steps, line).toBeDefined();
  return { steps: steps!, last: steps!.slice(steps!.lastIndexOf(' && ') + 4) };
}

describe.each(['12', '13'] as const)('pull refuses a committed change someone saved over in Grafana; its hand merge pasted as printed (Grafana %s)', (grafanaVersion) => {
  /** The applied tree, a committed change of `from` to `to` in work's file, then an edit of work in Grafana's UI: the change's commit. */
  async function changedOnBothSides(handle: SandboxHandle, from: string, to: string): Promise<{ dir: string; file: string; change: string }> {
    const dir = await appliedTree(handle);
    const file = join(dir, 'dashboards/work.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace(from, to));
    await commitAll(dir, 'pr: workloads');
    const change = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    await editInUi(handle, 'work', 'Edited in the Grafana UI');
    return { dir, file, change };
  }

  /** The plan after the merge: no drift (the live edit is in git), and the change alone. */
  async function expectChangeAlone(handle: SandboxHandle, dir: string, change: string): Promise<void> {
    const after = await dashsync(handle, dir, ['plan']);
    expect(after.code, after.stderr).toBe(0);
    const out = lines(after.stdout);
    expect(out.filter((each) => each.includes('drift'))).toEqual([]);
    expect(out.filter((each) => each.startsWith('      '))).toEqual([change]);
    expect(out).toContain('Plan: 0 to create, 1 to update, 0 to move, 0 to delete, 1 unchanged.');
  }

  it("the plan's drift line says the advised pull refuses; that pull's commands merge both into the file, and the plan then shows the change alone", async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir, file, change } = await changedOnBothSides(handle, '"title": "CPU"', '"title": "CPU (PR)"');

    const planned = await dashsync(handle, dir, ['plan']);
    expect(planned.code, planned.stderr).toBe(0);
    const drift = lines(planned.stdout).find((line) => line.includes('! drift: work '));
    expect(drift).toMatch(/\(to bring it in, run dashsync pull work first; where the file holds a change not applied yet, that pull refuses and gives the steps to merge the two\)$/);

    const refused = await pasteInShell(handle, dir, /run (dashsync pull work) first/.exec(drift!)![1]!);
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    const line = lines(refused.stdout).find((each) => each.startsWith('refused'))!;
    expect(line).toContain(`in git by ${change}, not applied yet, and in Grafana (version 2 by `);
    const { steps } = handMergeOf(line);
    expect(steps).toMatch(
      new RegExp(
        `^dashsync pull --force work && git commit -m 'pull work from Grafana' -- dashboards/work\\.json && git diff [0-9a-f]{12} ${change} -- dashboards/work\\.json \\| git apply --3way && ` +
          `git commit -m 'work: merge ${change} with the pulled version' -- dashboards/work\\.json$`,
      ),
    );

    const merged = await pasteInShell(handle, dir, steps);
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ description: 'Edited in the Grafana UI', panels: [expect.objectContaining({ title: 'CPU (PR)' })] });
    expect(await git(dir, 'status', '--porcelain')).toBe('');
    expect(lines(await git(dir, 'log', '--format=%s', '-3'))).toEqual([`work: merge ${change} with the pulled version`, 'pull work from Grafana', 'pr: workloads']);
    await expectChangeAlone(handle, dir, '      ~ panels[id=1].title: "CPU" → "CPU (PR)"');
  });

  it('where both sides changed neighbouring lines, git apply stops with the conflict marked; kept both, the last command ends the merge', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    // The title's line neighbours what the UI save changed (its description and schemaVersion, in the file's sorted keys).
    const { dir, file, change } = await changedOnBothSides(handle, '"title": "Workloads"', '"title": "Workloads (PR)"');
    const refused = await dashsync(handle, dir, ['pull', 'work']);
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    const line = lines(refused.stdout).find((each) => each.startsWith('refused'))!;
    expect(line).toContain(" (where git apply reports a conflict, keep each side's change where dashboards/work.json marks it, one value per key (a key both sides changed: choose one value), then run the last git commit); to keep yours as it is: ");
    const { steps, last } = handMergeOf(line);

    const stopped = await pasteInShell(handle, dir, steps);
    expect(stopped.code, stopped.stdout + stopped.stderr).not.toBe(0);
    expect(stopped.stderr).toContain("Applied patch to 'dashboards/work.json' with conflicts.");
    // Both sides kept, as a user edits the marked lines: Grafana's (the UI's description, its schemaVersion) and the title.
    const marked = await readFile(file, 'utf8');
    const ours = /<<<<<<< ours\n([^]*?)=======\n/.exec(marked)![1]!;
    await writeFile(file, marked.replace(/<<<<<<< ours\n[^]*?>>>>>>> theirs\n/, ours.replace('"title": "Workloads"', '"title": "Workloads (PR)"')));
    const ended = await pasteInShell(handle, dir, last);
    expect(ended.code, ended.stdout + ended.stderr).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ title: 'Workloads (PR)', description: 'Edited in the Grafana UI' });
    expect(await git(dir, 'status', '--porcelain')).toBe('');
    expect(lines(await git(dir, 'log', '--format=%s', '-1'))).toEqual([`work: merge ${change} with the pulled version`]);
    await expectChangeAlone(handle, dir, '      ~ title: "Workloads" → "Workloads (PR)"');
  });
});
