import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import { makeTempTree, type TempTree } from '../unit/files/make-tree.js';

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.cleanup();
  tree = undefined;
});

async function check(files: Record<string, string | object>, args: string[] = []): Promise<{ code: number; stdout: string[]; stderr: string }> {
  tree = await makeTempTree(files);
  const result = await runCliInProcess(['check', ...args], { cwd: tree.dir });
  return { code: result.code, stdout: result.stdout.split('\n').filter(Boolean), stderr: result.stderr };
}

describe('check: values a walk cannot hold', () => {
  it('names the file and the bracket of a JSON value nested 5000 deep, one line, no crash', async () => {
    const n = 5000;
    const result = await check({ 'dashboards/deep.json': `{"uid":"deep","title":"d","x":${'['.repeat(n)}${']'.repeat(n)}}`, 'dashboards/ok.json': '{\n  "title": "Ok",\n  "uid": "ok"\n}\n' });
    expect(result.stdout).toEqual(['dashboards/deep.json:1:1030: error: JSON nested deeper than 1000 levels; no dashboard needs that many: flatten it (json-syntax)']);
    expect(result.code).toBe(1);
  });
});
