import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

describe("the Action's plan: a warning about the config file", () => {
  it('an exclude glob that matches nothing is annotated on dashsync.config.json at the glob (check-50), titled by what it is', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    await writeFile(join(workspace, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards', exclude: ['team-b'] }));
    const plan = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': token });
    expect(plan.code).toBe(0);
    const warnings = plan.stdout.split('\n').filter((line) => line.startsWith('::warning') && line.includes('exclude glob "team-b"'));
    expect(warnings).toEqual([expect.stringMatching(/^::warning title=dashsync glob-unmatched,file=dashsync\.config\.json,line=1,col=33::dashsync\.config\.json:1:33: exclude glob "team-b" \(/)]);
  });
});
