// npm run demo: start the bundled sandbox Grafana, then plan → apply → plan on ./dashboards.
// The second plan must be empty: that round trip is what dashsync promises.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../dist/sandbox/index.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));

const sandbox = await startSandbox({ port: 0, grafanaVersion: process.env.DEMO_GRAFANA_VERSION ?? '12' });
const env = { ...process.env, GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
delete env.GRAFANA_TOKEN;

function dashsync(title, args) {
  process.stdout.write(`\n\x1b[1m━━ ${title}\x1b[0m\n$ dashsync ${args.join(' ')}\n\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: repo, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
}

let failed = false;
try {
  process.stdout.write(`Sandbox Grafana ${sandbox.grafanaVersion} running at ${sandbox.url} (admin/admin), empty.\n`);
  const first = await dashsync('1. Plan against an empty Grafana: everything is a create', ['plan', '--detailed-exitcode']);
  const applied = await dashsync('2. Apply: folders first, then dashboards, each saved with a dashsync commit message', ['apply']);
  const second = await dashsync('3. Plan again: Grafana now matches git, so nothing to do', ['plan', '--detailed-exitcode']);
  failed = first !== 2 || applied !== 0 || second !== 0;
  process.stdout.write(
    failed
      ? `\nDemo FAILED: exit codes were plan=${first} apply=${applied} second plan=${second} (expected 2, 0, 0).\n`
      : '\nDemo passed: the second plan is empty (exit codes 2 → 0 → 0 with --detailed-exitcode).\n',
  );
} finally {
  await sandbox.close();
}
process.exitCode = failed ? 1 : 0;
