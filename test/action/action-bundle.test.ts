import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO } from './run-action.js';

function runScript(script: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, '--check'], { cwd: REPO }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr });
    });
  });
}

describe('generated files are current', () => {
  it('the committed bundle is what scripts/build-action.mjs builds from the sources', async () => {
    const result = await runScript('scripts/build-action.mjs');
    expect(result.stderr).toBe('dist-action/index.cjs is up to date\n');
    expect(result.code).toBe(0);
  });

  it("the inputs/outputs tables in README.md and docs/action.md are what scripts/render-action-docs.mjs makes of action.yml", async () => {
    const result = await runScript('scripts/render-action-docs.mjs');
    expect(result.stderr).toBe(
      'README.md: the Action inputs/outputs table is up to date\ndocs/action.md: the Action inputs/outputs table is up to date\n',
    );
    expect(result.code).toBe(0);
  });
});
