// Runs of the dashsync build under test, as child processes: a measured run (wall time, CPU,
// peak RSS), and start-up time (which tells whether the build has `--api` yet).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { supportsApiOption } from './bench-detect.mjs';
import { failureLine, runProcess } from './bench-processes.mjs';

const RSS_PRELOAD = new URL('./bench-rss.cjs', import.meta.url).pathname;
let profileCount = 0;

/** The environment of a measured dashsync run: credentials from the environment, as in CI. */
function dashsyncEnv(url, rssFile) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    // The sandbox is local: a proxy set in the shell would measure the proxy.
    if (!key.startsWith('GRAFANA_') && !key.startsWith('DASHSYNC_') && !/^(https?|no|all)_proxy$/i.test(key)) env[key] = value;
  }
  return { ...env, GRAFANA_URL: url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', NO_COLOR: '1', ...(rssFile ? { DASHSYNC_BENCH_RSS_FILE: rssFile } : {}) };
}

/**
 * Runs `dashsync <args>` as a child process. `expect` = the exit codes that mean the run did
 * what the scenario needs (e.g. plan --detailed-exitcode: 0 for no changes, 2 for changes).
 */
export async function runDashsync({ cliPath, url, args, expect, workDir, timeoutMs, measureRss = false, sandbox }) {
  // Every run reports its CPU time; peak RSS is shown only where measureRss asks for it.
  const rssFile = join(mkdtempSync(join(workDir, 'rss-')), 'usage');
  const nodeArgs = ['--require', RSS_PRELOAD];
  // BENCH_CPU_PROF_DIR (set by --cpu-prof): a V8 profile per run, named after the command and its order.
  if (process.env.BENCH_CPU_PROF_DIR) {
    const name = `${String(++profileCount).padStart(2, '0')}-${args[0]}.cpuprofile`;
    nodeArgs.push('--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF_DIR, '--cpu-prof-name', name);
  }
  const serverBefore = sandbox?.cpuMs();
  const result = await runProcess(process.execPath, [...nodeArgs, cliPath, ...args], { env: dashsyncEnv(url, rssFile), cwd: workDir, timeoutMs });
  const serverCpuMs = serverBefore === undefined ? undefined : sandbox.cpuMs() - serverBefore;
  const ok = !result.timedOut && expect.includes(result.code);
  const summary = /^Plan: .*$/m.exec(result.stdoutTail)?.[0] ?? /^Apply: .*$/m.exec(result.stdoutTail)?.[0] ?? '';
  let rssMB;
  let cpuMs;
  try {
    const [rssKb, cpu] = readFileSync(rssFile, 'utf8').trim().split(' ').map(Number);
    rssMB = measureRss ? rssKb / 1024 : undefined;
    cpuMs = cpu;
  } catch {
    // no numbers: the run crashed before exit handlers ran
  }
  rmSync(join(rssFile, '..'), { recursive: true, force: true });
  return { ms: result.ms, ok, rssMB, cpuMs, serverCpuMs, summary, note: ok ? summary : `${failureLine(result)} (expected exit ${expect.join(' or ')})` };
}

/**
 * Median wall time of `node dist/cli/index.js plan --help`: start-up with the plan command loaded,
 * what every measured run pays before its first request. `hasApiOption`: whether that help lists
 * `--api` (issue 13), which the `--api k8s` runs need; `helpRead`: whether any of the three runs succeeded.
 */
export async function measureStartup({ cliPath, workDir }) {
  const times = [];
  let help = '';
  for (let i = 0; i < 3; i++) {
    const result = await runProcess(process.execPath, [cliPath, 'plan', '--help'], { env: dashsyncEnv('http://127.0.0.1:9'), cwd: workDir, timeoutMs: 30_000 });
    times.push(result.code === 0 ? result.ms : NaN);
    if (result.code === 0) help = result.stdoutTail;
  }
  return { startupMs: times.sort((a, b) => a - b)[1], helpRead: help !== '', hasApiOption: supportsApiOption(help) };
}
