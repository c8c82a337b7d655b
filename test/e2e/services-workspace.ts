import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { commitAll, makeWorkDir } from '../pull/pull-fixture.js';

const model = (n: number, description = '') => ({ uid: `svc-${n}`, title: `Service ${n}`, description, schemaVersion: 39, panels: [] });

/**
 * A work directory whose tree holds `count` empty dashboards `svc-<n>` ("Service <n>") in `dashboards/services`, planned
 * through `/api` (the config's `api: legacy`), committed where `git` says; nothing applied yet. `write` rewrites one with a
 * description; `cli` runs dashsync there against `sandbox` as admin.
 */
export async function servicesWorkspace(sandbox: SandboxHandle, count: number, git: boolean) {
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'dashboards/services'), { recursive: true });
  await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ root: 'dashboards', api: 'legacy' }, null, 2)}\n`);
  const write = (n: number, description = '') => writeFile(join(dir, `dashboards/services/svc-${n}.json`), `${JSON.stringify(model(n, description), null, 2)}\n`);
  for (let n = 0; n < count; n++) await write(n);
  if (git) await commitAll(dir, 'services');
  const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
  return { dir, write, cli };
}
