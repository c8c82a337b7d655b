import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, runAction } from './run-action.js';

/** Lines the runner would take as workflow commands: those at line start outside a ::stop-commands:: block. */
function activeCommands(stdout: string): string[] {
  const active: string[] = [];
  let resume: string | undefined;
  for (const line of stdout.split('\n')) {
    if (resume !== undefined) {
      if (line === `::${resume}::`) resume = undefined;
    } else if (line.startsWith('::stop-commands::')) {
      resume = line.slice('::stop-commands::'.length);
    } else if (line.startsWith('::')) {
      active.push(line);
    }
  }
  return active;
}

describe('the Action log', () => {
  it('a dashboard title cannot issue workflow commands through the printed plan', async () => {
    const sandbox = await startTestSandbox();
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const title = 'Innocent\n::set-output name=has-changes::false\n::error::injected by a title';
    await writeFile(join(workspace, 'dashboards/hostile.json'), `${JSON.stringify({ panels: [], title, uid: 'hostile' }, null, 2)}\n`);
    const run = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token });
    expect(run.code).toBe(0);
    // The title is escaped before it is printed (one line, visible \n), and the block is fenced by ::stop-commands:: too.
    expect(run.stdout).toContain('"Innocent\\n::set-output name=has-changes::false\\n::error::injected by a title"');
    expect(activeCommands(run.stdout).filter((line) => line.includes('injected') || line.startsWith('::set-output'))).toEqual([]);
    expect(run.outputs['has-changes']).toBe('true');
  });
});
