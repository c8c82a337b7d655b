import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { copyFixture } from './plan-fixture.js';

/** Tries everything a title can try on a terminal or a GitHub Actions log. */
const TITLE = 'Ops\u001b[2J\u001b[H\u001b]0;owned\u0007\r\n::error file=x,line=1::injected\n##[warning]legacy\u009b31m\u202eevil';

/** Lines the GitHub Actions runner acts on (actions/runner ActionCommand: `::` after leading blanks, `##[` anywhere). */
function runnerCommands(output: string): string[] {
  return output.split('\n').filter((line) => line.trimStart().startsWith('::') || line.includes('##['));
}

/** Anything a terminal interprets, except the newlines that end lines. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('the CLI in a terminal or a GitHub Actions run: step, with a hostile dashboard title', () => {
  it('plan (text, markdown, json), check and apply print it escaped: nothing moves the cursor, sets the title or becomes a workflow command', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    await mkdir(join(dir, 'dashboards/ops'), { recursive: true });
    for (const uid of ['hostile-a', 'hostile-b']) {
      await writeFile(join(dir, `dashboards/ops/${uid}.json`), `${JSON.stringify({ panels: [], title: TITLE, uid }, null, 2)}\n`);
    }
    // As in a `run:` step of a workflow: the CLI itself, no Action around it.
    const env = { GITHUB_ACTIONS: 'true', CI: 'true', GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const dashsync = (args: string[]) => runCliInProcess(args, { cwd: dir, env });

    const runs = [
      await dashsync(['plan']),
      await dashsync(['plan', '--format', 'markdown']),
      await dashsync(['plan', '--format', 'json']),
      await dashsync(['check']),
      await dashsync(['apply']),
    ];

    for (const run of runs) {
      const output = `${run.stdout}\n${run.stderr}`;
      expect(output).not.toMatch(RAW_CONTROL);
      expect(runnerCommands(output)).toEqual([]);
    }
    expect(runs[0]!.stdout).toContain('"Ops\\x1b[2J\\x1b[H\\x1b]0;owned\\x07\\r\\n::error file=x,line=1::injected\\n#\\x23[warning]legacy\\x9b31m\\u202eevil" (uid hostile-a)');
    expect(runs[3]!.stdout).toContain('dashboards/ops/hostile-a.json:3:12: warning: title "Ops\\x1b[2J');
    expect(JSON.parse(runs[2]!.stdout).dashboards.find((d: { uid: string }) => d.uid === 'hostile-a').title).toBe(TITLE);
    expect(runs[4]!.code, runs[4]!.stderr).toBe(0);
  });
});

describe('a title holding quotes or backslashes, inside the quotes of a line (audit-ux-16 L-2)', () => {
  it('is printed with \\" and \\\\, so the quotes end where the title ends and a real ESC reads apart from the text \\x1b', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    await mkdir(join(dir, 'dashboards/ops'), { recursive: true });
    const titles = { 'quoted-a': 'Ops & SRE: "latency"', 'slash-b': 'C:\\x1b path', 'escape-c': 'C:\u001b path' };
    for (const [uid, title] of Object.entries(titles)) await writeFile(join(dir, `dashboards/ops/${uid}.json`), `${JSON.stringify({ panels: [], title, uid }, null, 2)}\n`);
    const env = { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const dashsync = (args: string[]) => runCliInProcess(args, { cwd: dir, env });

    const plan = await dashsync(['plan']);
    expect(plan.stdout).toContain('"Ops & SRE: \\"latency\\"" (uid quoted-a)');
    expect(plan.stdout).toContain('"C:\\\\x1b path" (uid slash-b)');
    expect(plan.stdout).toContain('"C:\\x1b path" (uid escape-c)');
    // The pull-request comment keeps its own escaping: a title stands alone in its table cell, without quotes around it.
    const markdown = await dashsync(['plan', '--format', 'markdown']);
    expect(markdown.stdout).toContain('| 🟢 create | Ops &amp; SRE: "latency" | `quoted-a` |');
    const applied = await dashsync(['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^created: quoted-a "Ops & SRE: \\"latency\\"" \(/m);
  });
});
