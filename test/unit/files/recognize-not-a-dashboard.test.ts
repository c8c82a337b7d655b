import { describe, expect, it } from 'vitest';
import { recognizeNotADashboard } from '../../../src/files/recognize-not-a-dashboard.js';

// review-52 F2: only known tool files and clear other-tool signatures are not dashboards; `{}` keeps the dashboard rules' errors.
describe('recognizeNotADashboard', () => {
  it('takes {} and an object of unknown keys for a (broken) dashboard', () => {
    expect(recognizeNotADashboard('team/cpu.json', {})).toBeNull();
    expect(recognizeNotADashboard('team/cpu.json', { id: 3 })).toBeNull();
    expect(recognizeNotADashboard('team/cpu.json', undefined)).toBeNull();
  });

  it('names a known tool file, parsed or not, unless it holds a dashboard key', () => {
    expect(recognizeNotADashboard('package.json', { name: 'x' })).toBe("package.json is npm's package manifest, not a dashboard");
    expect(recognizeNotADashboard('a/tsconfig.json', undefined)).toBe("tsconfig.json is TypeScript's config, not a dashboard");
    expect(recognizeNotADashboard('turbo.json', { title: 'Turbo', uid: 'turbo' })).toBeNull();
  });

  it('names a provisioning file, a $schema and a package manifest by their signatures', () => {
    expect(recognizeNotADashboard('prov/ds.json', { apiVersion: 1, datasources: [] })).toBe('it is a Grafana provisioning file ("apiVersion": 1, "datasources"), not a dashboard');
    expect(recognizeNotADashboard('prov/ds.json', { apiVersion: 1 })).toBeNull();
    expect(recognizeNotADashboard('x/cfg.json', { $schema: 'https://example.test/s.json', rules: {} })).toMatch(/^it names a JSON schema/);
    expect(recognizeNotADashboard('x/cfg.json', { $schema: 'https://example.test/s.json', title: 'T' })).toBeNull();
    expect(recognizeNotADashboard('lib/pkg.json', { name: 'lib', dependencies: {} })).toBe('it is a package manifest ("name", "dependencies"), not a dashboard');
    expect(recognizeNotADashboard('lib/bad.json', { name: 'lib', version: '1.0.0' })).toBe('it is a package manifest ("name", "version"), not a dashboard');
    expect(recognizeNotADashboard('lib/bad.json', { name: 'lib', version: 3 })).toBeNull();
  });

  it("names dashsync's own plan file (the Action downloads it into a root \".\" tree), not an object that merely has a formatVersion", () => {
    const plan = { formatVersion: 3, createdAt: '2026-12-04T21:00:00Z', target: { url: 'http://grafana.test', orgId: 1 }, actions: [], summary: {} };
    expect(recognizeNotADashboard('plan.json', plan)).toBe('it is a dashsync plan file ("formatVersion", "target"), not a dashboard');
    expect(recognizeNotADashboard('plan.json', { formatVersion: 3 })).toBeNull();
  });
});
