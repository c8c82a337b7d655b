import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

const errorLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::error'));
const ELSEWHERE = 'save the plan elsewhere: set the "plan-file" input to another path, e.g. plan-file: plan.json';

// fix-53b: the plan file's refusals said `e.g. --out plan.json`, a flag the Action has none of: its place is the plan-file input.
describe('the Action: a plan-file it will not write names the plan-file input', () => {
  it('a file that is no plan, a path below a file, a _library/ path, a directory and a path ending in /: each refusal says what to set', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    await writeFile(join(workspace, 'notes.json'), '{"todo": []}\n');
    await mkdir(join(workspace, 'plans'));
    const inputs = { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': token, path: 'dashboards' };
    const refusalOf = async (planFile: string) => {
      const run = await runAction(workspace, { ...inputs, 'plan-file': planFile });
      return [run.code, errorLines(run.stdout)];
    };

    expect(await refusalOf('notes.json')).toEqual([1, [`::error::notes.json exists and is not a dashsync plan, so it was not overwritten; ${ELSEWHERE}`]]);
    expect(await refusalOf('notes.json/plan.json')).toEqual([
      1,
      [`::error::cannot write the plan to notes.json/plan.json: a part of that path is a file, not a directory (ENOTDIR); ${ELSEWHERE}`],
    ]);
    expect(await refusalOf('dashboards/_library/plan.json')).toEqual([
      1,
      [`::error::cannot write the plan to dashboards/_library/plan.json: the dashboards tree dashboards would read it as a library panel (a file below _library/); ${ELSEWHERE}`],
    ]);
    expect(await refusalOf('plans')).toEqual([1, ['::error::cannot write the plan to plans: it is a directory; name a file: set the "plan-file" input to another path, e.g. plan-file: plans/plan.json']]);
    // A path ending in a slash names a directory: no file of that name is written (fixr-74).
    expect(await refusalOf('new-plans/')).toEqual([
      1,
      ['::error::cannot write the plan to new-plans/: it ends in /, as a directory\'s name does; name a file: set the "plan-file" input to another path, e.g. plan-file: new-plans/plan.json'],
    ]);
  });
});

// action-54: a plan-file apply cannot read said `dashsync plan --out …` (the CLI's command); the Action makes a saved plan
// with its plan step, and a re-run of the apply job reads the same file again.
describe('the Action: a plan-file apply cannot read names the plan step, not the CLI', () => {
  it('broken JSON, another format version, a plan that contradicts itself: each says how the Action makes it again', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const inputs = { 'grafana-url': sandbox.url, 'grafana-token': token };
    expect((await runAction(workspace, { ...inputs, command: 'plan' })).code).toBe(0);
    const saved = JSON.parse(await readFile(join(workspace, 'dashsync-plan.json'), 'utf8'));
    const refusalOf = async (text: string) => {
      await writeFile(join(workspace, 'dashsync-plan.json'), text);
      const run = await runAction(workspace, { ...inputs, command: 'apply' }, { GITHUB_EVENT_NAME: 'push' });
      return [run.code, errorLines(run.stdout)];
    };
    const AGAIN =
      'make the plan again with the plan step (command: plan) of this version of the Action and review it: push a commit to this branch (or merge a pull request into it), whose run plans anew (a re-run of this job reads this same file)';

    expect(await refusalOf('{"formatVersion": 2,')).toEqual([
      1,
      [`::error::dashsync-plan.json is not a dashsync plan (invalid JSON at 1:21: unexpected end of file (missing closing brace for the "{" at line 1, col 1)); ${AGAIN}; nothing was applied`],
    ]);
    expect(await refusalOf(JSON.stringify({ ...saved, formatVersion: 99 }))).toEqual([
      1,
      [`::error::dashsync-plan.json has plan format version 99, this dashsync reads version 2; ${AGAIN}; nothing was applied`],
    ]);
    const stray = { kind: 'dashboard', action: 'delete', uid: 'stray', title: 'Stray', file: null, folderUid: null, folderTitle: 'General', live: null, changes: [], dependsOn: [] };
    const [code, lines] = await refusalOf(JSON.stringify({ ...saved, prune: false, actions: [...saved.actions, stray] }));
    expect(code).toBe(1);
    expect((lines as string[]).join('\n')).toMatch(/[Mm]ake the plan again with the plan step \(command: plan\) of this version of the Action/);
    expect((lines as string[]).join('\n')).not.toContain('--out');
  });
});

// action-57: the Action's refusal of a plan whose environment the config no longer defines (renamed) said "make the plan
// again for one of them (this name is …)"; the CLI names the plan to make again for the name meant. Now so does the Action.
describe("the Action: a plan-file whose environment the config no longer defines names the plan step's environment input", () => {
  it('the name meant, or each name: the plan step with that environment input', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const config = (names: [string, string]) => `${JSON.stringify({ environments: { [names[0]]: { url: sandbox.url }, [names[1]]: { url: sandbox.url } } }, null, 2)}\n`;
    await writeFile(join(workspace, 'dashsync.config.json'), config(['prod', 'staging']));
    const planned = await runAction(workspace, { command: 'plan', 'grafana-token': token, path: 'dashboards', environment: 'prod' });
    expect(planned.code).toBe(0);
    const NEW_RUN = 'and review it: push a commit to this branch (or merge a pull request into it), whose run plans anew (a re-run of this job reads this same file)';

    await writeFile(join(workspace, 'dashsync.config.json'), config(['production', 'staging']));
    sandbox.clearRequests();
    const renamed = await runAction(workspace, { command: 'apply', 'grafana-token': token, path: 'dashboards' }, { GITHUB_EVENT_NAME: 'push' });
    expect(renamed.code).toBe(1);
    expect(errorLines(renamed.stdout)).toEqual([
      expect.stringMatching(/^::error::dashsync\.config\.json:\d+:\d+: no environment "prod" in "environments" \(did you mean "production"\?\), which is the environment of plan file dashsync-plan\.json; it defines production, staging; nothing was applied\. /),
    ]);
    expect(errorLines(renamed.stdout)[0]).toContain(`nothing was applied. Make the plan again with the plan step (command: plan) with environment: production ${NEW_RUN}`);

    await writeFile(join(workspace, 'dashsync.config.json'), config(['qa', 'staging']));
    const gone = await runAction(workspace, { command: 'apply', 'grafana-token': token, path: 'dashboards' }, { GITHUB_EVENT_NAME: 'push' });
    expect(errorLines(gone.stdout)[0]).toContain(`it defines qa, staging; nothing was applied. Make the plan again with the plan step (command: plan) with environment: qa or environment: staging ${NEW_RUN}`);
    expect(`${renamed.stdout}${gone.stdout}`).not.toMatch(/dashsync plan|--env/);
    expect(sandbox.requests()).toEqual([]);
  });
});

/** A plan made, then its file changed (another pull request merged first), then the push's apply with `inputs` added. */
async function applyOfStalePlan(inputs: Record<string, string>) {
  const [sandbox, workspace] = await Promise.all([startTestSandbox({ grafanaVersion: '12' }), makeWorkspace()]);
  const grafana = { 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Admin') };
  expect((await runAction(workspace, { ...grafana, command: 'plan' })).code).toBe(0);
  const file = join(workspace, 'dashboards/team-a/service.json');
  await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), description: 'merged first' }));
  sandbox.clearRequests();
  return { sandbox, apply: await runAction(workspace, { ...grafana, ...inputs, command: 'apply' }, { GITHUB_EVENT_NAME: 'push' }) };
}

// walk-59 H2: a saved plan whose file changed since (another pull request merged first) said "Run dashsync plan again", and
// the README "re-run the pull request's plan": that plans the old commit again, and the apply is refused the same way.
describe('the Action: a saved plan whose file changed since says how a new plan is made', () => {
  it('names a new run (a push, or the next merge), not a re-run of the old plan, and writes nothing', async () => {
    const { sandbox, apply } = await applyOfStalePlan({});

    expect([apply.code, errorLines(apply.stdout)]).toEqual([
      1,
      [
        '::error::1 file changed since the plan was made (dashboards/team-a/service.json); nothing was applied. Make the plan again and review it: ' +
          'push a commit to this branch (or merge a pull request into it), whose run plans anew (a re-run of this job reads this same file)',
      ],
    ]);
    expect(`${apply.stdout}${apply.summary}`).not.toMatch(/dashsync plan|re-run the pull request/);
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET')).toEqual([]);
  });
});

// walk-68b M1: under require-plan: true a push straight to the branch has no reviewed plan and is refused, so "push a
// commit" was advice that fails there: the way that works is a reviewed pull request.
describe('the Action: a stale saved plan under require-plan: true', () => {
  it('names a reviewed pull request, not a push, and writes nothing', async () => {
    const { sandbox, apply } = await applyOfStalePlan({ 'require-plan': 'true' });

    expect([apply.code, errorLines(apply.stdout)]).toEqual([
      1,
      [
        '::error::1 file changed since the plan was made (dashboards/team-a/service.json); nothing was applied. Make the plan again and review it: ' +
          'open a pull request that changes a dashboard file (or the config) and merge it once its plan is reviewed, whose run plans anew: ' +
          'a push straight to this branch is refused (require-plan is true), and a re-run of this job reads this same file',
      ],
    ]);
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET')).toEqual([]);
  });
});
