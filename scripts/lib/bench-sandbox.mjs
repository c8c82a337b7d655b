// The sandbox as a separate process (`dashsync sandbox --port 0`), one per scenario so that
// every scenario starts from a fresh Grafana; controlled through /__sandbox/*.
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { killAllChildren, spawnTracked } from './bench-processes.mjs';

const READY = /dashsync sandbox listening on (http:\/\/\S+) \(Grafana ([^,]+),/;

export async function startSandbox({ cliPath, timeoutMs = 20_000, args = [], port = 0 }) {
  const child = spawnTracked(process.execPath, [cliPath, 'sandbox', '--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4096);
  });
  const { url, version } = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => fail(`did not print its listening line within ${timeoutMs / 1000}s`), timeoutMs);
    function fail(why) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`sandbox ${why}${stderr.trim() ? `: ${stderr.trim().split('\n').pop()}` : ''}`));
    }
    child.once('error', (error) => fail(`could not start (${error.message})`));
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before listening`));
    child.stdout.setEncoding('utf8').on('data', function onData(chunk) {
      stdout += chunk;
      const match = READY.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({ url: match[1], version: match[2] });
    });
  });

  async function control(method, path, body) {
    const response = await request(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`sandbox ${method} ${path}: ${response.statusCode} ${text.slice(0, 200)}`);
    return text;
  }

  return {
    url,
    version,
    /** CPU time (user + system, ms) the sandbox process has used so far; undefined where /proc is missing. */
    cpuMs: () => processCpuMs(child.pid),
    /** FaultConfig of src/sandbox/types.ts, or null for none. */
    setFaults: (faults) => control('PUT', '/__sandbox/faults', faults),
    clearRequests: () => control('DELETE', '/__sandbox/requests'),
    /** The requests logged since the last clearRequests (RequestLogEntry of src/sandbox/types.ts). */
    requests: async () => JSON.parse(await control('GET', '/__sandbox/requests')),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Runs `use(sandbox)` against a fresh sandbox (`args`: e.g. `--grafana-version 13`) and always stops it. */
export async function withSandbox(cliPath, use, { args = [] } = {}) {
  const sandbox = await startSandbox({ cliPath, args });
  try {
    return await use(sandbox);
  } finally {
    await sandbox.close().catch(killAllChildren);
  }
}

/** Linux: utime + stime of /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
