import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { editFile, exampleWorkspace, readJson } from '../apply/workspace.js';

// Each test runs the CLI (in-process) several times against a sandbox.
vi.setConfig({ testTimeout: 120_000 });

/** The example workspace with environments staging and production on one sandbox, and an Editor token for each. */
async function stagingAndProduction() {
  const sandbox = await startTestSandbox();
  const workspace = await exampleWorkspace(sandbox);
  const config = { ...(await readJson(join(workspace.dir, 'dashsync.config.json'))), environments: { staging: { url: sandbox.url }, production: { url: sandbox.url, orgId: 1 } } };
  await writeFile(join(workspace.dir, 'dashsync.config.json'), JSON.stringify(config, null, 2));
  const tokens = { GRAFANA_TOKEN_STAGING: await sandbox.createToken('Editor'), GRAFANA_TOKEN_PRODUCTION: await sandbox.createToken('Editor') };
  return { workspace, tokens };
}

/** `dashsync show` as a reviewer runs it: in the workspace, with no Grafana URL and no credentials at all. */
const show = (dir: string, args: string[]) => runCliInProcess(['show', ...args], { cwd: dir, env: {} });

describe('dashsync show: a saved plan, rendered offline as plan printed it', () => {
  it('text (with its diffs, coloured or not), markdown and json are what plan printed; no request reaches Grafana', async () => {
    const sandbox = await startTestSandbox();
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['apply', '--auto-approve'])).code).toBe(0);
    await editFile(workspace, 'dashboards/platform/databases/redis.json', (model) => {
      model.title = 'Redis (edited)';
      model.tags = ['cache', 'edited'];
    });
    await rm(join(workspace.dir, 'dashboards/platform/databases/postgresql.json'));

    for (const format of [['--format', 'text'], ['--format', 'text', '--color'], ['--format', 'markdown'], ['--format', 'json']]) {
      const plan = await workspace.cli(['plan', '--prune', '--out', 'plan.json', ...format]);
      expect(plan.code, plan.stderr).toBe(0);
      const before = sandbox.requests().length;
      const shown = await show(workspace.dir, ['plan.json', ...format]);
      expect([shown.code, shown.stderr]).toEqual([0, '']);
      expect(shown.stdout).toBe(plan.stdout);
      expect(sandbox.requests()).toHaveLength(before);
    }
    // What the reviewer came for: the diff of the update and the delete.
    const text = await show(workspace.dir, ['plan.json']);
    expect(text.stdout).toContain('~ title: "Redis" → "Redis (edited)"');
    expect(text.stdout).toMatch(/^- delete +"PostgreSQL[^\n]*no file in the tree/m);
  });

  it('a plan directory of several environments: each in the config\'s order, or those --env names; json is one document as plan --all-envs prints it', async () => {
    const { workspace, tokens } = await stagingAndProduction();
    const plan = (args: string[]) => runCliInProcess(['plan', ...args], { cwd: workspace.dir, env: tokens });

    // plan --all-envs prints the environments in the config's order (staging, production), and so does show (env-56's walk:
    // show printed them in name order).
    const production = await plan(['--env', 'production', '--out', 'plans/production.plan.json']);
    const staging = await plan(['--env', 'staging', '--out', 'plans/staging.plan.json']);
    expect([production.code, staging.code]).toEqual([0, 0]);
    expect((await show(workspace.dir, ['plans'])).stdout).toBe(`${staging.stdout}\n${production.stdout}`);
    expect((await show(workspace.dir, ['plans', '--env', 'staging'])).stdout).toBe(staging.stdout);
    expect((await show(workspace.dir, ['plans/staging.plan.json', '--env', 'staging'])).stdout).toBe(staging.stdout);

    const all = await plan(['--all-envs', '--format', 'json', '--out', 'plans']);
    expect(all.code).toBe(0);
    expect((await show(workspace.dir, ['plans', '--format', 'json'])).stdout).toBe(all.stdout);
    const markdown = await plan(['--all-envs', '--format', 'markdown', '--out', 'plans']);
    expect((await show(workspace.dir, ['plans', '--format', 'markdown'])).stdout).toBe(markdown.stdout);

    const missing = await show(workspace.dir, ['plans', '--env', 'qa']);
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([1, '', 'error: plans has no plan for environment qa (no qa.plan.json); it holds the plans of production, staging\n']);
    const other = await show(workspace.dir, ['plans/staging.plan.json', '--env', 'production']);
    expect([other.code, other.stdout, other.stderr]).toEqual([
      1,
      '',
      'error: plans/staging.plan.json is the plan of environment staging, not of production; --env picks a plan out of a plan directory (dashsync plan --all-envs --out DIR)\n',
    ]);
  });

  // walk-65 L10: a run that could not plan an environment left its older plan in DIR, and show printed it as this run's.
  it('plan --all-envs --out DIR sets aside the plan of an environment it could not plan; show says so and leaves it out; a file dashsync did not write stays', async () => {
    const { workspace, tokens } = await stagingAndProduction();
    const plan = (args: string[], env = tokens) => runCliInProcess(['plan', ...args], { cwd: workspace.dir, env });
    expect((await plan(['--all-envs', '--out', 'plans'])).code).toBe(0);
    const earlier = await readFile(join(workspace.dir, 'plans/staging.plan.json'), 'utf8');

    const failed = await plan(['--all-envs', '--out', 'plans'], { ...tokens, GRAFANA_TOKEN_STAGING: 'glsa_wrong_token' });
    expect(failed.code).toBe(1);
    const createdAt = JSON.parse(earlier).createdAt as string;
    expect(failed.stderr).toContain(`Set aside the plan for staging made at ${createdAt}: plans/staging.plan.json → plans/staging.plan.json.stale; this run could not plan staging, so it is no plan of this run (dashsync show leaves it out)\n`);
    expect(await readFile(join(workspace.dir, 'plans/staging.plan.json.stale'), 'utf8')).toBe(earlier);
    const shown = await show(workspace.dir, ['plans']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toContain('environment staging');
    expect(shown.stdout).toContain('environment production');
    expect(shown.stderr).toBe('note: plans/staging.plan.json.stale is an earlier plan of environment staging, set aside by a plan run that could not plan it: not shown; plans holds no plan of staging from that run\n');

    // review-66a L2: a later run that plans staging writes its plan beside the set-aside one; show shows it, and no note.
    expect((await plan(['--all-envs', '--out', 'plans'])).code).toBe(0);
    const later = await show(workspace.dir, ['plans']);
    expect(later.stdout).toContain('environment staging');
    expect(later.stderr).toBe('');

    // A file there that dashsync did not write is never removed nor renamed: the run is refused before any plan (fixa-73).
    await writeFile(join(workspace.dir, 'plans/staging.plan.json'), 'notes of mine\n');
    const again = await plan(['--all-envs', '--out', 'plans'], { ...tokens, GRAFANA_TOKEN_STAGING: 'glsa_wrong_token' });
    expect([again.code, again.stdout, again.stderr]).toEqual([
      1,
      '',
      'error: plans/staging.plan.json exists and is not a dashsync plan, so it was not overwritten; move it out of plans, or name another directory with --out\n',
    ]);
    expect(await readFile(join(workspace.dir, 'plans/staging.plan.json'), 'utf8')).toBe('notes of mine\n');
  });

  it('a file that is corrupt, from a newer dashsync, not a plan, or missing: one line naming it and what to do, nothing on stdout', async () => {
    const sandbox = await startTestSandbox();
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const saved = await readJson(join(workspace.dir, 'plan.json'));
    const text = JSON.stringify(saved, null, 2);
    await writeFile(join(workspace.dir, 'cut.json'), text.slice(0, text.indexOf('"actions"') + 14));
    await writeFile(join(workspace.dir, 'future.json'), JSON.stringify({ ...saved, formatVersion: 99 }));
    await writeFile(join(workspace.dir, 'public.json'), (await workspace.cli(['plan', '--format', 'json'])).stdout);
    await mkdir(join(workspace.dir, 'empty'));
    const cutAt = text.slice(0, text.indexOf('"actions"') + 14).split('\n');

    const expected: [string[], string][] = [
      [['cut.json'], `cut.json is not a dashsync plan (invalid JSON at ${cutAt.length}:${cutAt.at(-1)!.length + 1}: unexpected end of file (missing closing bracket for the "[" at line ${cutAt.length - 1}, col 14)); show takes`],
      [['future.json'], 'future.json has plan format version 99, from a newer dashsync; this one reads version 2: show it with the dashsync that made it\n'],
      [['dashboards/platform-overview.json'], 'dashboards/platform-overview.json is not a dashsync plan (no formatVersion); show takes a plan saved with: dashsync plan --out plan.json\n'],
      [['public.json'], 'public.json is the output of dashsync plan --format json, for reading; show takes a saved plan: dashsync plan --out public.json\n'],
      [['gone.json'], 'plan file gone.json not found; make one with: dashsync plan --out gone.json\n'],
      [['empty'], 'empty is a directory holding no <env>.plan.json; dashsync plan --all-envs --out empty saves one per environment there, or name a plan file\n'],
      [[], 'name the plan to show: dashsync show dashsync-plan.json\n'],
    ];
    for (const [args, line] of expected) {
      const run = await show(workspace.dir, args);
      expect([run.code, run.stdout], args.join(' ')).toEqual([1, '']);
      expect(run.stderr.split('\n'), args.join(' ')).toHaveLength(2);
      expect(run.stderr.startsWith(`error: ${line}`), run.stderr).toBe(true);
    }
    expect(await readFile(join(workspace.dir, 'cut.json'), 'utf8')).toContain('"actions"');
  });

  it('a hand-made plan whose warning or change entry has another shape: one line naming the entry, not an unexpected failure', async () => {
    const sandbox = await startTestSandbox();
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['apply', '--auto-approve'])).code).toBe(0);
    await editFile(workspace, 'dashboards/platform/databases/redis.json', (model) => {
      model.title = 'Redis (edited)';
    });
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const saved = await readJson(join(workspace.dir, 'plan.json'));
    const changed = saved.actions.findIndex((action: { changes: unknown[] }) => action.changes.length > 0);
    expect(changed).toBeGreaterThanOrEqual(0);
    const withChange = (change: unknown) => ({ ...saved, actions: saved.actions.map((action: object, index: number) => (index === changed ? { ...action, changes: [change] } : action)) });
    const uid = saved.actions[changed].uid as string;
    const cases: [string, object, string][] = [
      ['message.json', { ...saved, warnings: [{ kind: 'other', uid: null, message: 5 }] }, 'warnings[0] (other) has a message that is not a string'],
      ['kind.json', { ...saved, warnings: [{ kind: 'mystery', uid: null, message: 'x' }] }, 'warnings[0] has an unknown kind "mystery"'],
      ['drift.json', { ...saved, warnings: [{ kind: 'drift', uid: 'a', version: 2, updatedBy: 'x', updated: '', message: null }] }, 'warnings[0] (drift) has a title that is not a string'],
      ['change.json', withChange({ path: 'title', before: 'a', after: 'b' }), `actions[${changed}] (dashboard ${uid}) changes[0] is not a change (path, and kind added, removed, changed or moved)`],
    ];
    for (const [file, plan, problem] of cases) {
      await writeFile(join(workspace.dir, file), JSON.stringify(plan));
      for (const format of ['text', 'markdown']) {
        const run = await show(workspace.dir, [file, '--format', format]);
        expect([run.code, run.stdout, run.stderr], file).toEqual([1, '', `error: ${file} is not a valid dashsync plan: ${problem}; re-run dashsync plan --out ${file}\n`]);
      }
    }
  });
});
