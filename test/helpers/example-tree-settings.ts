import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import type { Settings } from '../../src/config/types.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The repository's example tree and config copied into a temporary directory (removed when the test ends), and the
 * settings of a run there through `--api k8s` against `url` as the sandbox's admin.
 */
export async function exampleTreeSettings(url: string, prefix: string): Promise<{ dir: string; settings: Settings }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await cp(join(REPO, 'dashboards'), join(dir, 'dashboards'), { recursive: true });
  await cp(join(REPO, 'dashsync.config.json'), join(dir, 'dashsync.config.json'));
  const settings = await loadSettings({ flags: { api: 'k8s' }, env: { GRAFANA_URL: url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  return { dir, settings };
}
