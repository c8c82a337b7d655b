import { spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH, cleanEnv, collectOutput, refuseStaleDist, runCliInProcess } from '../helpers/run-cli.js';
import { TEST_NODE } from '../helpers/test-node.js';

/** A UI export with no uid, minified (as "Export" → "Save to file" can give it): --fix reformats it to well over 8 KiB. */
function bigExport(): string {
  const panels = Array.from({ length: 35 }, (_, index) => ({
    id: index + 1,
    type: 'timeseries',
    title: `Panel ${index + 1}: my hand-tuned query`,
    gridPos: { h: 8, w: 12, x: (index % 2) * 12, y: index * 8 },
    targets: [{ refId: 'A', expr: `sum(rate(http_requests_total{job="api",code=~"5..",route="/v${index}"}[5m]))` }],
  }));
  return JSON.stringify({ title: 'Exported from the UI', schemaVersion: 39, panels });
}

describe('check --fix writes a file whole or not at all (walk-66 H1)', () => {
  const temporary: string[] = [];
  afterEach(async () => {
    await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function workspace(text: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'dashsync-fix-atomic-'));
    temporary.push(dir);
    await mkdir(join(dir, 'dashboards/team'), { recursive: true });
    await writeFile(join(dir, 'dashsync.config.json'), '{"root": "dashboards"}\n');
    await writeFile(join(dir, 'dashboards/team/exported.json'), text);
    return dir;
  }

  // The shell's file size limit is under test (a write refused part-way, as a full disk refuses it): the built CLI, spawned.
  it('a write refused part-way (ulimit -f) leaves the file byte for byte as it was, as the line says, and no temp file', async () => {
    refuseStaleDist();
    const original = bigExport();
    const dir = await workspace(original);
    const result = await collectOutput(
      spawn('sh', ['-c', 'ulimit -f 8 && exec "$0" "$@"', TEST_NODE, CLI_PATH, 'check', '--fix'], { cwd: dir, env: cleanEnv(), stdio: 'pipe' }),
    );
    expect(original.length).toBeLessThan(8192);
    expect(await readFile(join(dir, 'dashboards/team/exported.json'), 'utf8')).toBe(original);
    expect(await readdir(join(dir, 'dashboards/team'))).toEqual(['exported.json']);
    expect(result.stderr).toContain(
      'not fixed dashboards/team/exported.json: cannot write it (EFBIG): over the file size limit; raise the file size limit of the user running dashsync (ulimit -f), then run check --fix again, so the file is left as it was\n',
    );
    expect(result.code).toBe(1);
    // Without the limit, the same run writes the whole file.
    const fixed = await runCliInProcess(['check', '--fix'], { cwd: dir });
    expect(fixed.stderr).toMatch(/^fixed dashboards\/team\/exported\.json: reformatted, added uid "exported-[0-9a-f]+"/);
    const written = await readFile(join(dir, 'dashboards/team/exported.json'), 'utf8');
    expect(written.length).toBeGreaterThan(8192);
    expect(JSON.parse(written).panels).toHaveLength(35);
  });

  it('the file keeps its mode', async () => {
    const dir = await workspace('{"title":"Private","schemaVersion":39,"panels":[]}');
    const file = join(dir, 'dashboards/team/exported.json');
    await chmod(file, 0o600);

    const result = await runCliInProcess(['check', '--fix'], { cwd: dir });

    expect(result.stderr).toMatch(/^fixed dashboards\/team\/exported\.json: reformatted, added uid/);
    expect(JSON.parse(await readFile(file, 'utf8')).uid).toMatch(/^exported-/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  // review-67a L2: run as root over another user's checkout (a container on a bind mount), the fixed file was root's.
  it.runIf(process.getuid?.() === 0)('run as root, the file keeps its owner and group', async () => {
    const dir = await workspace('{"title":"Theirs","schemaVersion":39,"panels":[]}');
    const file = join(dir, 'dashboards/team/exported.json');
    await chown(file, 1000, 1001);

    const result = await runCliInProcess(['check', '--fix'], { cwd: dir });

    expect(result.stderr).toMatch(/^fixed dashboards\/team\/exported\.json: reformatted, added uid/);
    const after = await stat(file);
    expect([after.uid, after.gid]).toEqual([1000, 1001]);
  });
});
