import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cleanEnv, refuseStaleDist } from '../helpers/run-cli.js';

// Nothing else runs the bench before a session's end: at stop 55 a change broke its /apis restore step unnoticed.
// This runs it whole at a tiny size (--smoke) and asserts that it ran, never how fast.

const BENCH = fileURLToPath(new URL('../../scripts/bench.mjs', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const N = 50;
const SLOW = '+20 ms/request';

/** `node scripts/bench.mjs <args>` run to its end: its exit code and output (an exit other than 0 is an answer too). */
async function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const options = { cwd: REPO, env: cleanEnv(), maxBuffer: 16 * 2 ** 20 };
  return promisify(execFile)(process.execPath, [BENCH, ...args], options).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number | null; stdout?: string; stderr?: string }) => ({ code: error.code ?? null, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
}

/** Dashsync's time in the row of `label` (a table's first column), or null where the row has none (the run failed, or never ran). */
function dashsyncTime(table: string, label: string): string | null {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped} {2,}(\\d+\\.\\d\\d s) `, 'm').exec(table)?.[1] ?? null;
}

describe('npm run bench, at a tiny size (--smoke)', () => {
  // The ceiling for a hung run, not a speed check: it took 30 s at load 13 (about 13 s of CPU).
  it('runs every scenario of both APIs once, and ends with issue 16\'s line in numbers', { timeout: 240_000 }, async () => {
    refuseStaleDist();
    const run = await runBench(['--smoke']);
    // Its last lines name the step that failed (`bench: putting tree A back failed: …`).
    expect(run.code, run.stderr.trimEnd().split('\n').slice(-3).join('\n')).toBe(0);

    const [legacy = '', apisAndAfter = ''] = run.stdout.split('\n/apis: ');
    const [apis = ''] = apisAndAfter.split('\nscaling ');
    const legacyScenarios = ['plan, no changes', 'plan, all changed', `apply, ${N} creates`, `apply, ${N} updates`, `plan, ${SLOW}`];
    const apisScenarios = [
      `apply, ${N} creates`, 'plan, no changes', 'plan, all changed', `apply, ${N} updates`,
      `plan, no changes, ${SLOW}`, `plan, all changed, ${SLOW}`, `apply, ${N} updates, ${SLOW}`,
    ];
    expect(Object.fromEntries(legacyScenarios.map((label) => [label, dashsyncTime(legacy, label) !== null]))).toEqual(Object.fromEntries(legacyScenarios.map((label) => [label, true])));
    expect(Object.fromEntries(apisScenarios.map((label) => [label, dashsyncTime(apis, label) !== null]))).toEqual(Object.fromEntries(apisScenarios.map((label) => [label, true])));

    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-2)).toMatch(/^same round trips: /);
    expect(lines.at(-1)).toMatch(/^bench: plan\/work=\d+\.\d\d apply\/work=\d+\.\d\d latency\/ideal=\d+\.\d\d k8s\/ideal=\d+\.\d\d rss10k=\d+MB$/);
  });
});
