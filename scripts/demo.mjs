// npm run demo: start the bundled sandbox Grafana in-process and walk through what dashsync
// promises, on a copy of ./dashboards (the repo's files are never touched):
//   plan → apply → plan (empty), a v2 dashboard stored through /apis (12 and 13),
//   a conflict that is reported instead of clobbered, and a prune that backs up before deleting,
//   undone by restore. DEMO_GRAFANA_VERSION=11.2|12|13 (default 12).
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../dist/sandbox/index.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const bold = (text) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${text}\x1b[0m` : text);

const sandbox = await startSandbox({ port: 0, grafanaVersion: process.env.DEMO_GRAFANA_VERSION ?? '12' });
const work = await mkdtemp(join(tmpdir(), 'dashsync-demo-'));
await cp(join(repo, 'dashboards'), join(work, 'dashboards'), { recursive: true });
await cp(join(repo, 'dashsync.config.json'), join(work, 'dashsync.config.json'));
const env = { ...process.env, GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
delete env.GRAFANA_TOKEN;
delete env.GRAFANA_ORG_ID;
// The demo's sandbox is local: a proxy set in the shell must not carry its requests.
for (const name of Object.keys(env)) if (/^(https?|no|all)_proxy$/i.test(name)) delete env[name];

function step(title, note) {
  process.stdout.write(`\n${bold(`━━ ${title}`)}\n${note ? `${note}\n` : ''}`);
}

function dashsync(args) {
  process.stdout.write(`$ dashsync ${args.join(' ')}\n\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: work, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => {
      process.stdout.write(`(exit ${code})\n`);
      resolve(code);
    });
  });
}

async function grafana(method, path, body, authorization = `Basic ${Buffer.from('admin:admin').toString('base64')}`) {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function editFile(file, change) {
  const path = join(work, file);
  const model = JSON.parse(await readFile(path, 'utf8'));
  change(model);
  await writeFile(path, `${JSON.stringify(model, null, 2)}\n`);
}

const REDIS = 'dashboards/platform/databases/redis.json';
const V2 = { uid: 'checkout-slo', file: 'dashboards/applications/checkout/checkout-slo.json' };
const hasApis = sandbox.grafanaVersion !== '11.2' && !sandbox.grafanaVersion.startsWith('11.');

/** The example's v2 (dynamic) dashboards: Grafana 11 has no /apis, so they are left out there. */
async function dropV2Files() {
  for (const file of [V2.file, 'dashboards/platform/kubernetes/workloads.json']) await rm(join(work, file));
}
const checks = [];
const expect = (what, ok) => checks.push({ what, ok });

try {
  process.stdout.write(`Sandbox Grafana ${sandbox.grafanaVersion} at ${sandbox.url} (admin/admin), empty. Working copy of dashboards/ in ${work}\n`);

  if (!hasApis) {
    await dropV2Files();
    process.stdout.write('Grafana 11 has no /apis: the two v2 (dynamic) dashboards of the example are left out of the working copy\n');
  }

  step('1. Plan against an empty Grafana: everything is a create');
  expect('first plan has changes (exit 2)', (await dashsync(['plan', '--detailed-exitcode'])) === 2);

  step('2. Apply: folders first, then dashboards, each saved with a "dashsync:" version message');
  expect('apply succeeds', (await dashsync(['apply'])) === 0);

  step('3. Plan again: Grafana now matches git, so nothing to do');
  expect('second plan is empty (exit 0)', (await dashsync(['plan', '--detailed-exitcode'])) === 0);

  if (hasApis) {
    step('3b. The v2 dashboard went through /apis: Grafana stores it in the v2 schema (elements + layout)');
    const ns = '/apis/dashboard.grafana.app';
    const stored = await grafana('GET', `${ns}/v0alpha1/namespaces/default/dashboards/${V2.uid}`);
    const storedVersion = stored.body?.status?.conversion?.storedVersion ?? stored.body?.apiVersion?.split('/')[1];
    const v2 = await grafana('GET', `${ns}/${storedVersion}/namespaces/default/dashboards/${V2.uid}`);
    const elements = Object.keys(v2.body?.spec?.elements ?? {});
    process.stdout.write(
      `GET ${ns}/${storedVersion}/…/${V2.uid} → ${v2.status}: "${v2.body?.spec?.title}", ${elements.length} elements, layout ${v2.body?.spec?.layout?.kind}\n`,
    );
    const legacy = await grafana('GET', `/api/dashboards/uid/${V2.uid}`);
    process.stdout.write(`GET /api/dashboards/uid/${V2.uid} → ${legacy.status} (the legacy API cannot serve a v2 dashboard)\n`);
    expect('the v2 dashboard is stored as v2', v2.status === 200 && storedVersion.startsWith('v2') && elements.length > 0);
  }

  step('4. A pull request changes the Redis dashboard; the plan is saved for review', `(edit ${REDIS}: new description)`);
  await editFile(REDIS, (model) => (model.description = 'Reviewed in PR #42'));
  expect('plan --out succeeds', (await dashsync(['plan', '--out', 'plan.json'])) === 0);

  step('5. Meanwhile someone edits the same dashboard in the Grafana UI…');
  const token = await sandbox.createToken('Editor');
  const live = await grafana('GET', '/api/dashboards/uid/redis-exporter');
  const edit = await grafana(
    'POST',
    '/api/dashboards/db',
    { dashboard: { ...live.body.dashboard, description: 'Hot fix made in the UI' }, folderUid: live.body.meta.folderUid, overwrite: false, message: 'hot fix' },
    `Bearer ${token}`,
  );
  process.stdout.write(`POST /api/dashboards/db as a service account → ${edit.status}, Redis is now version ${edit.body?.version}\n`);

  step('6. …so applying the reviewed plan reports a conflict instead of overwriting that edit');
  expect('apply of the stale plan exits 1', (await dashsync(['apply', 'plan.json'])) === 1);
  const after = await grafana('GET', '/api/dashboards/uid/redis-exporter');
  process.stdout.write(`Grafana still has: description = ${JSON.stringify(after.body.dashboard.description)}\n`);
  expect('the UI edit survived', after.body.dashboard.description === 'Hot fix made in the UI');

  step(
    '7. A dashboard file is deleted; the prune plan warns that it deletes the UI edit too; the reviewed plan backs up the live JSON, then deletes it',
    `(rm ${REDIS}; an apply no one reviewed would keep that edit as a conflict)`,
  );
  await rm(join(work, REDIS));
  expect('plan --prune --out succeeds', (await dashsync(['plan', '--prune', '--out', 'prune.json'])) === 0);
  expect('apply of the reviewed prune plan succeeds', (await dashsync(['apply', 'prune.json'])) === 0);
  expect('Redis is gone', (await grafana('GET', '/api/dashboards/uid/redis-exporter')).status === 404);

  step('8. Changed your mind? restore brings it back (from "Recently deleted" where Grafana has it, else the backup)');
  expect('restore succeeds', (await dashsync(['restore', 'redis-exporter'])) === 0);
  const restored = await grafana('GET', '/api/dashboards/uid/redis-exporter');
  expect('Redis is back with the UI edit', restored.status === 200 && restored.body.dashboard.description === 'Hot fix made in the UI');
} finally {
  await sandbox.close();
  await rm(work, { recursive: true, force: true });
}

const failed = checks.filter((check) => !check.ok);
process.stdout.write(
  failed.length === 0
    ? `\n${bold('Demo passed')}: the second plan was empty, the conflicting UI edit survived, and the pruned dashboard came back.\n`
    : `\n${bold('Demo FAILED')}: ${failed.map((check) => check.what).join('; ')}\n`,
);
process.exitCode = failed.length === 0 ? 0 : 1;
