import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { copyExampleTree, workspaceAt, type Workspace } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

type PlanJson = { target: { url: string }; actions: Record<string, any>[] };

const AGAIN = 'nothing was applied. Run dashsync plan --out plan.json again and review it, then dashsync apply plan.json\n';

// walk-72 M2: saved plans edited by hand that apply took at their word. Each is refused in one line naming what
// disagrees, before a single request reaches Grafana.
describe('a saved plan edited by hand', () => {
  let sandbox: SandboxHandle;
  let workspace: Workspace;
  let good: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-edited-plan-'));
    await copyExampleTree(dir);
    workspace = workspaceAt(dir, sandbox);
    const planned = await workspace.cli(['plan', '--out', 'good.json']);
    expect(planned.code, planned.stderr).toBe(0);
    good = await readFile(join(workspace.dir, 'good.json'), 'utf8');
  });

  afterAll(() => rm(workspace.dir, { recursive: true, force: true }));

  /** Applies good.json as `edit` changes it (saved as plan.json): the run's result, and how many requests Grafana saw. */
  async function applyEdited(edit: (plan: PlanJson) => void) {
    const plan = JSON.parse(good) as PlanJson;
    edit(plan);
    await writeFile(join(workspace.dir, 'plan.json'), JSON.stringify(plan, null, 2));
    const before = sandbox.requests().length;
    const applied = await workspace.cli(['apply', 'plan.json']);
    return { ...applied, requests: sandbox.requests().length - before };
  }

  const action = (plan: PlanJson, kind: string, uid: string) => plan.actions.find((entry) => entry.kind === kind && entry.uid === uid)!;

  it('a target.url that is not the Grafana its digest records: show and apply refuse it', async () => {
    const applied = await applyEdited((plan) => (plan.target.url = 'https://grafana.prod.example.com'));
    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe(
      'error: plan.json contradicts itself: its target.url https://grafana.prod.example.com is not the Grafana its target.urlSha256 records (edited by hand?); ' +
        'nothing was applied. Make the plan again with dashsync plan --out plan.json\n',
    );
    expect(applied.requests).toBe(0);
    const shown = await workspace.cli(['show', 'plan.json']);
    expect(shown.code).toBe(1);
    expect(shown.stdout).not.toContain('grafana.prod.example.com');
  });

  it("an action naming another file of the tree (file and digest swapped): named with the uid that file holds", async () => {
    const applied = await applyEdited((plan) => {
      const target = action(plan, 'dashboard', 'platform-overview');
      const other = action(plan, 'dashboard', 'postgresql-overview');
      target.file = other.file;
      target.contentHash = other.contentHash;
    });
    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe(
      'error: the plan contradicts itself: its create of dashboard platform-overview names dashboards/platform/databases/postgresql.json, which holds uid "postgresql-overview" (edited by hand?); ' +
        AGAIN,
    );
    expect(applied.requests).toBe(0);
  });

  it('a uid that breaks the uid rules: refused, its characters escaped', async () => {
    const applied = await applyEdited((plan) => {
      const target = action(plan, 'dashboard', 'platform-overview');
      target.uid = '../../x\u001b[31m';
      for (const entry of plan.actions) entry.dependsOn = entry.dependsOn.map((id: string) => (id === 'dashboard:platform-overview' ? `dashboard:${target.uid}` : id));
    });
    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(
      /^error: plan\.json is not a valid dashsync plan: actions\[\d+\] \(dashboard "\.\.\/\.\.\/x\\u001b\[31m"\) has a uid Grafana refuses \(only letters, digits, "-" and "_"\), which no file of a tree holds; /,
    );
    expect(applied.stderr).not.toContain('\u001b');
    expect(applied.requests).toBe(0);
  });

  // fixa-73: a folder's uid, title and parent are written as the plan says (no file is read again), so the plan file records a
  // digest of its folder actions; one edited since is refused in apply and show alike.
  it("a folder's title with terminal sequences, or a folder under another uid: the plan contradicts its own record of them", async () => {
    const retitled = await applyEdited((plan) => (action(plan, 'folder', 'platform-team').title = '\u001b[31mX\n::error::inj'));
    expect(retitled.code).toBe(1);
    expect(retitled.stderr).toBe(
      'error: plan.json contradicts itself: its folder-create platform-team "\\x1b[31mX\\n::error::inj" is not the one its folderActionsSha256 records (edited by hand?); ' +
        'nothing was applied. Make the plan again with dashsync plan --out plan.json\n',
    );
    expect(retitled.requests).toBe(0);
    const shown = await workspace.cli(['show', 'plan.json']);
    expect([shown.code, shown.stdout]).toEqual([1, '']);
    // The plan as saved agrees with its record.
    expect((await workspace.cli(['show', 'good.json'])).code).toBe(0);

    const otherUid = await applyEdited((plan) => {
      const folder = plan.actions.find((entry) => entry.kind === 'folder' && entry.dir === 'applications')!;
      const id = `folder:${folder.uid}`;
      folder.uid = 'other-uid';
      for (const entry of plan.actions) entry.dependsOn = entry.dependsOn.map((dependency: string) => (dependency === id ? 'folder:other-uid' : dependency));
    });
    expect(otherUid.code).toBe(1);
    expect(otherUid.stderr).toMatch(/^error: plan\.json contradicts itself: its folder-create other-uid "applications" is not the one its folderActionsSha256 records \(edited by hand\?\); nothing was applied\. /);
    expect(otherUid.requests).toBe(0);
  });

  // A plan saved before the digests (or with them taken out) is held to the tree instead: its folders must be what their
  // directories stand for now.
  it('a plan without the digests: a folder title edited is refused against the tree; one as planned applies', async () => {
    const withoutDigests = (plan: Record<string, unknown>) => delete plan.folderActionsSha256;
    const retitled = await applyEdited((plan) => {
      withoutDigests(plan);
      action(plan, 'folder', 'platform-team').title = '\u001b[31mX';
    });
    expect(retitled.code).toBe(1);
    expect(retitled.stderr).toBe(
      'error: the plan\'s folder-create platform-team "\\x1b[31mX" is not what dashboards/platform/_folder.json stands for: folder platform-team "Platform Team", ' +
        'and the plan records no digest of its folder actions (folderActionsSha256: saved by an earlier dashsync, or removed), so an edit by hand cannot be told from a change of the tree since; ' +
        AGAIN,
    );
    expect(retitled.requests).toBe(0);

    const applied = await applyEdited(withoutDigests);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Platform Team');
  });
});
