import { describe, expect, it } from 'vitest';
import { recognizeNotADashboard } from '../../../src/files/recognize-not-a-dashboard.js';

/** recognizeNotADashboard of a parsed value (the text only matters when the value is undefined: no strict JSON). */
const judge = (path: string, value: unknown, text = JSON.stringify(value ?? null)) => recognizeNotADashboard(path, value, text);
const why = (path: string, value: unknown, text?: string) => judge(path, value, text)?.why ?? null;

// review-52 F2: only known tool files and clear other-tool signatures are not dashboards; `{}` keeps the dashboard rules' errors.
describe('recognizeNotADashboard', () => {
  it('takes {} and an object of unknown keys for a (broken) dashboard', () => {
    expect(judge('team/cpu.json', {})).toBeNull();
    expect(judge('team/cpu.json', { id: 3 })).toBeNull();
    expect(judge('team/cpu.json', undefined, '{"id": 3,}')).toBeNull();
  });

  it('names a known tool file, parsed or not, unless it holds a dashboard key', () => {
    expect(why('package.json', { name: 'x' })).toBe("package.json is npm's package manifest, not a dashboard");
    expect(judge('a/tsconfig.json', undefined, '{\n  // comments are tsconfig\'s own\n  "compilerOptions": {},\n}\n')).toEqual({ why: "tsconfig.json is TypeScript's config, not a dashboard" });
    expect(judge('turbo.json', { title: 'Turbo', uid: 'turbo' })).toBeNull();
  });

  // stop-52 §12.5: a dashboard pulled as turbo.json that broke since was skipped as Turborepo's config, and prune deleted it.
  it("reads a tool file that is no JSON again with comments allowed: a dashboard's keys make it a dashboard; else where it breaks is said", () => {
    const brokenDashboard = '{\n  "title": "Turbo",\n  "uid": "turbo"\n  "panels": []\n}\n';
    expect(judge('turbo.json', undefined, brokenDashboard)).toBeNull();
    expect(judge('turbo.json', undefined, `<<<<<<< HEAD\n${brokenDashboard}=======\n`)).toBeNull();
    const brokenTurbo = '{\n  "$schema": "https://turbo.build/schema.json",\n  "tasks": {\n    "build": { "outputs": ["dist/**"  }\n  }\n}\n';
    expect(judge('turbo.json', undefined, brokenTurbo)).toEqual({
      why: "turbo.json is Turborepo's config, not a dashboard",
      brokenAt: { line: 4, col: 39, message: 'expected a comma or closing bracket' },
    });
  });

  it('names a provisioning file, a $schema and a package manifest by their signatures', () => {
    expect(why('prov/ds.json', { apiVersion: 1, datasources: [] })).toBe('it is a Grafana provisioning file ("apiVersion": 1, "datasources"), not a dashboard');
    expect(judge('prov/ds.json', { apiVersion: 1 })).toBeNull();
    expect(why('x/cfg.json', { $schema: 'https://example.test/s.json', rules: {} })).toMatch(/^it names a JSON schema/);
    expect(judge('x/cfg.json', { $schema: 'https://example.test/s.json', title: 'T' })).toBeNull();
    expect(why('lib/pkg.json', { name: 'lib', dependencies: {} })).toBe('it is a package manifest ("name", "dependencies"), not a dashboard');
    expect(why('lib/bad.json', { name: 'lib', version: '1.0.0' })).toBe('it is a package manifest ("name", "version"), not a dashboard');
    expect(judge('lib/bad.json', { name: 'lib', version: 3 })).toBeNull();
  });

  it("names dashsync's own plan file (the Action downloads it into a root \".\" tree) as its own, not an object that merely has a formatVersion", () => {
    const plan = { formatVersion: 3, createdAt: '2026-12-04T21:00:00Z', target: { url: 'http://grafana.test', orgId: 1 }, actions: [], summary: {} };
    expect(judge('plan.json', plan)).toEqual({ why: 'it is a dashsync plan file ("formatVersion", "target"), not a dashboard', ownPlan: true });
    expect(judge('plan.json', { formatVersion: 3 })).toBeNull();
  });
});
