// Measures `dashsync check` on a generated tree of realistic dashboards (not a test: no
// timing assertions). Usage: npm run build && node test/check/measure-check-speed.mjs [count] [runs]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDashboardTree } from '../../scripts/lib/generate-dashboards.mjs';

const { runCheck } = await import(new URL('../../dist/check/run-check.js', import.meta.url).href);
const { loadSettings } = await import(new URL('../../dist/config/load-settings.js', import.meta.url).href);

const count = Number(process.argv[2] ?? 500);
const runs = Number(process.argv[3] ?? 7);
const cli = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dashsync-check-speed-'));
try {
  const tree = writeDashboardTree(join(dir, 'dashboards'), { count, seed: 7 });
  const timings = [];
  const cpuTimings = [];
  let summary = '';
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    const childCpuBefore = childrenCpuMs();
    const result = spawnSync(process.execPath, [cli, 'check'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    timings.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (childCpuBefore !== undefined) cpuTimings.push(childrenCpuMs() - childCpuBefore);
    summary = result.stderr.trim();
    if (result.status !== 0) throw new Error(`check failed: ${result.stderr}`);
  }
  timings.sort((a, b) => a - b);
  // In-process: the check itself without Node's and the CLI's start-up; CPU time is less
  // sensitive than wall time to other work on the machine.
  const settings = await loadSettings({ flags: {}, env: {}, cwd: dir });
  const inProcess = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    await runCheck({ settings });
    const used = process.cpuUsage(cpu);
    inProcess.push({ wall: Number(process.hrtime.bigint() - start) / 1e6, cpu: (used.user + used.system) / 1000 });
  }
  inProcess.sort((a, b) => a.wall - b.wall);
  const middle = inProcess[Math.floor(inProcess.length / 2)];
  const median = timings[Math.floor(timings.length / 2)];
  const mb = (tree.bytes / 1024 / 1024).toFixed(1);
  console.log(`${tree.count} dashboards, ${mb} MB, ${tree.directories} directories: ${summary}`);
  console.log(`runCheck in-process, median of ${runs}: ${middle.wall.toFixed(0)} ms wall, ${middle.cpu.toFixed(0)} ms CPU`);
  console.log(`dashsync check wall time (process start to exit), median of ${runs}: ${median.toFixed(0)} ms (min ${timings[0].toFixed(0)}, max ${timings.at(-1).toFixed(0)})`);
  if (cpuTimings.length > 0) {
    cpuTimings.sort((a, b) => a - b);
    console.log(`dashsync check CPU time (user + system, all threads), median of ${runs}: ${cpuTimings[Math.floor(runs / 2)].toFixed(0)} ms`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** CPU time of waited-for children (Linux /proc, 100 ticks per second); undefined elsewhere. */
function childrenCpuMs() {
  if (!existsSync('/proc/self/stat')) return undefined;
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  // After the command name: field 16 (cutime) and 17 (cstime) of proc(5) are at 13 and 14 here.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}
