import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

const errorLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::error'));
const ELSEWHERE = 'save the plan elsewhere: set the "plan-file" input to another path, e.g. plan-file: plan.json';

// fix-53b: the plan file's refusals said `e.g. --out plan.json`, a flag the Action has none of: its place is the plan-file input.
describe('the Action: a plan-file it will not write names the plan-file input', () => {
  it('a file that is no plan, a path below a file, a _library/ path and a directory: each refusal says what to set', async () => {
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
  });
});
