import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { commitAll } from '../pull/pull-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';

// Each test runs the CLI (in-process) several times.
vi.setConfig({ testTimeout: 120_000 });

/**
 * check-49: `plan --all-envs` printed a warning about the tree or the config (a file no environment selects, a glob that
 * matches nothing) in every environment's plan, once per environment. Text and markdown say it once now, after the
 * plans, naming the environments whose plans hold it; the JSON and the plan files keep it in each plan.
 */
const ADMIN = { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };

const NO_ENVIRONMENT =
  'dashsync.config.json:1:55: no environment selects dashboards/legacy/l1.json: nothing deploys it, yet every plan that prunes keeps the dashboard or library panel it holds (whose it is cannot be told); ' +
  "add it to an environment's include (or take it out of its exclude) in dashsync.config.json, or remove the file (selected-by-no-environment)";

/** team-a and team-b, one environment each (b's include also names a directory that is not there), and legacy/, which neither selects. */
async function setUp(handle: SandboxHandle, environments: Record<string, { include: string[] }> = { a: { include: ['team-a'] }, b: { include: ['team-b', 'team-c'] } }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-env-tree-warnings-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const [path, uid] of [['team-a/a1.json', 'a1'], ['team-b/b1.json', 'b1'], ['legacy/l1.json', 'l1']] as const) {
    await mkdir(join(dir, 'dashboards', path, '..'), { recursive: true });
    await writeFile(join(dir, 'dashboards', path), `${JSON.stringify({ panels: [], schemaVersion: 41, title: uid, uid }, null, 2)}\n`);
  }
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', api: 'legacy', prune: 'folders', environments, url: handle.url }));
  await commitAll(dir);
  return dir;
}

/** How many lines of `text` hold `part`. */
const linesWith = (text: string, part: string) => text.split('\n').filter((line) => line.includes(part)).length;

describe('plan --all-envs: a warning about the tree or the config is said once per run', () => {
  it('text: once, after the plans, under the environments whose plans hold it; show of the saved plans prints the same', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await setUp(handle);

    const planned = await runCliInProcess(['plan', '--all-envs', '--out', 'plans'], { cwd: dir, env: ADMIN });

    expect(planned.code, planned.stderr).toBe(0);
    expect(linesWith(planned.stdout, '(selected-by-no-environment)')).toBe(1);
    expect(linesWith(planned.stdout, '(glob-unmatched)')).toBe(1);
    // Each plan is printed whole but for them: b's has no warning left of its own.
    const [a, b, run] = planned.stdout.split('\n\n').reduce<string[]>((parts, part) => {
      if (part.startsWith('dashsync plan for environment') || part.startsWith('Warnings about the tree')) parts.push(part);
      else parts[parts.length - 1] += `\n\n${part}`;
      return parts;
    }, []);
    expect(a).toMatch(/^dashsync plan for environment a: /);
    expect(b).toMatch(/^dashsync plan for environment b: /);
    expect(`${a}${b}`).not.toContain('Warnings:');
    expect(run!.split('\n')).toEqual([
      'Warnings about the tree and the config, in the plans of environments a and b:',
      `  ! ${NO_ENVIRONMENT}`,
      'Warnings about the tree and the config, in the plans of environment b:',
      expect.stringMatching(/^ {2}! dashsync\.config\.json:1:123: include glob "team-c" \(environment "b"'s include in dashsync\.config\.json\) matches no file below dashboards.*\(glob-unmatched\)$/),
      '',
    ]);

    const shown = await runCliInProcess(['show', 'plans'], { cwd: dir });
    expect([shown.code, shown.stdout]).toEqual([0, planned.stdout]);
  });

  it('review 15 L-5: one glob that matches nothing in each environment\'s own include is said under both, each list named, not twice apart', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await setUp(handle, { a: { include: ['team-a', 'team-c'] }, b: { include: ['team-b', 'team-c'] } });

    const planned = await runCliInProcess(['plan', '--all-envs', '--out', 'plans'], { cwd: dir, env: ADMIN });

    expect(planned.code, planned.stderr).toBe(0);
    const run = planned.stdout.slice(planned.stdout.indexOf('Warnings about the tree'));
    // check-50: each at its own glob's line:col (the config is on line 1).
    const unmatched = (environment: string, col: number) =>
      `  ! dashsync.config.json:1:${col}: include glob "team-c" (environment "${environment}"'s include in dashsync.config.json) matches no file below dashboards, so it selects nothing ` +
      '(globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files); check it (glob-unmatched)';
    expect(run.split('\n')).toEqual(['Warnings about the tree and the config, in the plans of environments a and b:', unmatched('a', 96), unmatched('b', 132), `  ! ${NO_ENVIRONMENT}`, '']);

    const shown = await runCliInProcess(['show', 'plans'], { cwd: dir });
    expect([shown.code, shown.stdout]).toEqual([0, planned.stdout]);
  });

  it('markdown: once, in a section of its own after the plans', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await setUp(handle);

    const planned = await runCliInProcess(['plan', '--all-envs', '--format', 'markdown'], { cwd: dir, env: ADMIN });

    expect(planned.code, planned.stderr).toBe(0);
    expect(linesWith(planned.stdout, 'selected-by-no-environment')).toBe(1);
    const section = planned.stdout.slice(planned.stdout.indexOf('## dashsync plan · the tree and the config'));
    expect(section.split('\n').slice(0, 5)).toEqual([
      '## dashsync plan · the tree and the config',
      '',
      '> [!WARNING]',
      '> In the plans of environments a and b:',
      expect.stringContaining('selected-by-no-environment'),
    ]);
    expect(planned.stdout.indexOf('## dashsync plan · b')).toBeLessThan(planned.stdout.indexOf('## dashsync plan · the tree and the config'));
  });

  it('json: each plan keeps it, as each plan file does', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await setUp(handle);

    const planned = await runCliInProcess(['plan', '--all-envs', '--format', 'json'], { cwd: dir, env: ADMIN });

    expect(planned.code, planned.stderr).toBe(0);
    const { plans } = JSON.parse(planned.stdout) as { plans: { warnings: { kind: string; rule?: string; message: string }[] }[] };
    expect(plans.map((plan) => plan.warnings.filter((warning) => warning.rule !== undefined).map((warning) => warning.rule))).toEqual([
      ['selected-by-no-environment'],
      ['glob-unmatched', 'selected-by-no-environment'],
    ]);
  });
});

// env-57 (stop 56 §11.4): `plan --env b --env a` planned and printed b first, while show of its saved plans printed a first.
describe('plan --env b --env a: the config file\'s order, as --all-envs and show', () => {
  it('text, json and the saved plans: a before b, whichever --env came first', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await setUp(handle);

    const planned = await runCliInProcess(['plan', '--env', 'b', '--env', 'a', '--out', 'plans'], { cwd: dir, env: ADMIN });
    const json = await runCliInProcess(['plan', '--env', 'b', '--env', 'a', '--format', 'json'], { cwd: dir, env: ADMIN });

    expect([planned.code, json.code], planned.stderr + json.stderr).toEqual([0, 0]);
    expect(planned.stdout.split('\n').filter((line) => line.startsWith('dashsync plan for environment')).map((line) => line.split(':')[0])).toEqual([
      'dashsync plan for environment a',
      'dashsync plan for environment b',
    ]);
    expect(planned.stderr.split('\n').filter((line) => line.startsWith('Saved the plan for')).map((line) => line.split(' to ')[0])).toEqual([
      'Saved the plan for a',
      'Saved the plan for b',
    ]);
    expect((JSON.parse(json.stdout) as { plans: { target: { environment: string } }[] }).plans.map((plan) => plan.target.environment)).toEqual(['a', 'b']);
    const shown = await runCliInProcess(['show', 'plans'], { cwd: dir });
    expect([shown.code, shown.stdout]).toEqual([0, planned.stdout]);
  });
});

// env-54 (stop 53 §11.8): the input-expression-mapped warning of a top-level mapping was said once per environment.
describe('plan --all-envs: a mapping of an input the files use as server-side expressions', () => {
  const expressionInputs = [{ name: 'DS_EXPRESSION', label: 'Expression', description: '', type: 'datasource', pluginId: '__expr__' }];
  const exported = (uid: string) => ({
    __inputs: expressionInputs,
    panels: [{ datasource: { type: '__expr__', uid: '${DS_EXPRESSION}' }, gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, targets: [{ datasource: { type: '__expr__', uid: '${DS_EXPRESSION}' }, expression: '1 + 1', refId: 'A', type: 'math' }], title: 'Math', type: 'stat' }],
    schemaVersion: 41,
    title: `Math ${uid}`,
    uid,
  });

  async function setUpExpressions(handle: SandboxHandle, environments: Record<string, unknown>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-env-tree-expr-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    for (const [path, uid] of [['team-a/math-a.json', 'math-a'], ['team-b/math-b.json', 'math-b']] as const) {
      await mkdir(join(dir, 'dashboards', path, '..'), { recursive: true });
      await writeFile(join(dir, 'dashboards', path), `${JSON.stringify(exported(uid), null, 2)}\n`);
    }
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', api: 'legacy', url: handle.url, inputs: { DS_EXPRESSION: 'prom' }, environments }));
    await commitAll(dir);
    return dir;
  }

  it('is said once, after the plans, under every environment whose files use it, naming each file once', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await setUpExpressions(handle, { a: { include: ['team-a'] }, b: { include: ['team-b'] }, c: {} });

    const planned = await runCliInProcess(['plan', '--all-envs', '--out', 'plans'], { cwd: dir, env: ADMIN });

    expect(planned.code, planned.stderr).toBe(0);
    expect(linesWith(planned.stdout, '(input-expression-mapped)')).toBe(1);
    const run = planned.stdout.slice(planned.stdout.indexOf('Warnings about the tree'));
    expect(run.split('\n').slice(0, 2)).toEqual([
      'Warnings about the tree and the config, in the plans of environments a, b and c:',
      expect.stringMatching(/^ {2}! dashsync\.config\.json:1:\d+: input DS_EXPRESSION is mapped to "prom", but dashboards\/team-a\/math-a\.json, dashboards\/team-b\/math-b\.json declare it .*\(input-expression-mapped\)$/),
    ]);
    const shown = await runCliInProcess(['show', 'plans'], { cwd: dir });
    expect([shown.code, shown.stdout]).toEqual([0, planned.stdout]);
  });

  it('plans whose files do not hold each other\'s keep their own line, each under its environment', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await setUpExpressions(handle, { a: { include: ['team-a'] }, b: { include: ['team-b'] } });

    const planned = await runCliInProcess(['plan', '--all-envs'], { cwd: dir, env: ADMIN });

    expect(planned.code, planned.stderr).toBe(0);
    const run = planned.stdout.slice(planned.stdout.indexOf('Warnings about the tree')).split('\n');
    expect(run.filter((line) => !line.includes('(glob-unmatched)') && !line.includes('selected-by-no-environment'))).toEqual([
      'Warnings about the tree and the config, in the plans of environment a:',
      expect.stringMatching(/^ {2}! .* but dashboards\/team-a\/math-a\.json declares it .*\(input-expression-mapped\)$/),
      'Warnings about the tree and the config, in the plans of environment b:',
      expect.stringMatching(/^ {2}! .* but dashboards\/team-b\/math-b\.json declares it .*\(input-expression-mapped\)$/),
      '',
    ]);
  });
});

// env-55 (stop 54 §2): two files whose uids differ only in case were warned of in every plan that deploys both, once per environment.
describe('plan --all-envs: two files whose uids differ only in case', () => {
  it('are said once, after the plans, under the environments whose plans deploy both', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-env-tree-case-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    for (const [path, uid] of [['team-a/ops.json', 'Ops-Board'], ['team-b/ops.json', 'ops-board']] as const) {
      await mkdir(join(dir, 'dashboards', path, '..'), { recursive: true });
      await writeFile(join(dir, 'dashboards', path), `${JSON.stringify({ panels: [], schemaVersion: 41, title: `Ops ${uid}`, uid }, null, 2)}\n`);
    }
    // a deploys team-a only: its plan has no clash; b and c deploy both.
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', api: 'legacy', url: handle.url, environments: { a: { include: ['team-a'] }, b: {}, c: {} } }));
    await commitAll(dir);

    const planned = await runCliInProcess(['plan', '--all-envs', '--out', 'plans'], { cwd: dir, env: ADMIN });

    expect(planned.code, planned.stderr).toBe(0);
    expect(linesWith(planned.stdout, 'differs only in case')).toBe(3);
    const run = planned.stdout.slice(planned.stdout.indexOf('Warnings about the tree'));
    const clash = (file: string, uid: string, other: string, otherUid: string) =>
      `  ! dashboards/${file}: uid "${uid}" differs only in case from dashboard dashboards/${other} ("${otherUid}"): Grafana on MySQL compares uids without case, ` +
      'so there one save would update or be refused by the other; give one of them another uid';
    expect(run.split('\n')).toEqual([
      // env-55b: a deploys one of the two into the org where b and c deploy the other: its own plan says so too.
      'Warnings about the tree and the config, in the plans of environment a:',
      `${clash('team-a/ops.json', 'Ops-Board', 'team-b/ops.json', 'ops-board').replace(' ("ops-board")', ' (selected by environments a, b, c, which deploy to the same Grafana org) ("ops-board")')}`,
      'Warnings about the tree and the config, in the plans of environments b and c:',
      clash('team-b/ops.json', 'ops-board', 'team-a/ops.json', 'Ops-Board'),
      clash('team-a/ops.json', 'Ops-Board', 'team-b/ops.json', 'ops-board'),
      '',
    ]);
    const shown = await runCliInProcess(['show', 'plans'], { cwd: dir });
    expect([shown.code, shown.stdout]).toEqual([0, planned.stdout]);
  });
});
