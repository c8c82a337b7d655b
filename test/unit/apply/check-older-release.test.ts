import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { checkOlderRelease, describeUntakeableWrites, type PlannedWrite } from '../../../src/apply/check-older-release.js';
import { resource, v2Spec } from '../v2-builders.js';
import { chooseVersions, writeVersionFor } from '../../../src/grafana/k8s/choose-versions.js';
import { capabilitiesOf } from '../../../src/grafana/legacy/capabilities.js';

/** A release's /apis writes as the k8s port chooses them, from the versions it serves. */
function serving(versions: string[]) {
  const chosen = chooseVersions({ dashboardVersions: versions, folderVersions: ['v1beta1'] } as never)!;
  return {
    writeTargetFor: ({ schema, apiVersion }: { schema: 'v1' | 'v2'; apiVersion: string | null }) => {
      const target = writeVersionFor(chosen, schema, apiVersion);
      return 'refused' in target ? target : { api: 'k8s' as const, apiVersion: `dashboard.grafana.app/${target.version}` };
    },
  };
}

const write = (uid: string, content: PlannedWrite['content']): PlannedWrite => ({
  action: { uid, file: `dashboards/${uid}.json`, write: { api: 'k8s', apiVersion: content.apiVersion } },
  content,
});

describe('describeUntakeableWrites', () => {
  const on12 = serving(['v1beta1', 'v0alpha1', 'v2beta1', 'v2alpha1']);

  it('names a classic file above the schemaVersion the release migrates to, and a v2 version it does not serve', () => {
    const server = { version: '12.2.0', capabilities: capabilitiesOf('12.2.0') };
    const writes = [
      write('at-41', { schema: 'v1', apiVersion: 'dashboard.grafana.app/v1beta1', spec: { schemaVersion: 41 } }),
      write('at-42', { schema: 'v1', apiVersion: 'dashboard.grafana.app/v1beta1', spec: { schemaVersion: 42 } }),
      write('v2-file', { schema: 'v2', apiVersion: 'dashboard.grafana.app/v2', spec: {} }),
      write('v2beta1-file', { schema: 'v2', apiVersion: 'dashboard.grafana.app/v2beta1', spec: {} }),
    ];
    expect(describeUntakeableWrites(writes, server, on12, { environments: [] })).toEqual([
      'at-42 (dashboards/at-42.json) is at schemaVersion 42, and Grafana 12.2.0 migrates dashboards up to 41',
      'v2-file (dashboards/v2-file.json): this Grafana does not serve dashboard.grafana.app/v2 (it serves v2beta1, v2alpha1 for v2 dashboards): ' +
        'if no panel of the file has transformations, change its apiVersion to dashboard.grafana.app/v2beta1; ' +
        'else set that apiVersion and run dashsync pull --force v2-file against Grafana 13 to write 13\'s own conversion, see docs/upgrading.md#a-fleet-on-12-and-13',
    ]);
  });

  it('refuses nothing for a schemaVersion when the release hides its version (only a floor is known)', () => {
    const server = { version: null, capabilities: { ...capabilitiesOf(null), apisSchemaVersion: 41, apisSchemaVersionAtLeast: true } };
    expect(describeUntakeableWrites([write('at-43', { schema: 'v1', apiVersion: null, spec: { schemaVersion: 43 } })], server, on12, { environments: [] })).toEqual([]);
  });
});

describe('checkOlderRelease', () => {
  it('words the pull its refusal advises as the shell ran dashsync (walk-67 M1: npx)', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'dashsync-older-release-'));
    onTestFinished(() => rm(cwd, { recursive: true, force: true }));
    await mkdir(join(cwd, 'dashboards'));
    await writeFile(join(cwd, 'dashboards/v2-file.json'), `${JSON.stringify(resource('v2', 'v2-file', v2Spec()), null, 2)}\n`);
    const action = { kind: 'dashboard', action: 'update', uid: 'v2-file', file: 'dashboards/v2-file.json', write: { api: 'k8s', apiVersion: 'dashboard.grafana.app/v2' } } as never;
    const server = { version: '12.2.0', capabilities: capabilitiesOf('12.2.0') } as never;
    const settings = { cwd, inputs: {}, minRefreshInterval: '', commandLine: { invocation: 'npx dashsync' } };
    const refused = await checkOlderRelease({ target: { grafanaVersion: '12.3.0' } } as never, [action], server, serving(['v1beta1', 'v0alpha1', 'v2beta1', 'v2alpha1']), settings).catch((error: Error & { diagnostics?: { message: string }[] }) => error.diagnostics?.map((d) => d.message).join('; ') ?? error.message);
    expect(refused).toContain('else set that apiVersion and run npx dashsync pull --force v2-file against Grafana 13');
    // restl-69: among environments, the one on 13 to pull from, as the plan's api-unwritable refusal names it.
    const amongEnvironments = { ...settings, environment: 'prod', environments: ['prod', 'next'] };
    const refusedInProd = await checkOlderRelease({ target: { grafanaVersion: '12.3.0' } } as never, [action], server, serving(['v1beta1', 'v0alpha1', 'v2beta1', 'v2alpha1']), amongEnvironments).catch((error: Error & { diagnostics?: { message: string }[] }) => error.diagnostics?.map((d) => d.message).join('; ') ?? error.message);
    expect(refusedInProd).toContain("else set that apiVersion and run npx dashsync pull --env next --force v2-file (where next's Grafana is 13) to write 13's own conversion");
  });
});
