import { defineConfig } from 'vitest/config';

/**
 * Three projects (`npx vitest --project unit`):
 *  - unit: pure code and temporary directories; no server, no process.
 *  - e2e: the built binary, the Action bundle and the pre-commit framework, spawned as users run them.
 *  - integration: everything else — the client, the port and the use cases (the CLI in-process
 *    included) against real sandbox servers on free ports.
 */
const UNIT = [
  'test/unit/**/*.test.ts',
  'test/check/{derive-dashboard-uid,find-duplicate-titles,fix-dashboard-document,is-canonical-text}.test.ts',
  'test/pull/{assign-names,decide-pull-file,plan-pull,safe-path}.test.ts',
  'test/action/{render-plan-comment,render-plan-summary}.test.ts',
];
const E2E = [
  'test/e2e/built-cli.test.ts',
  'test/e2e/apply/interrupt.test.ts',
  'test/e2e/apply/terminal.test.ts',
  'test/e2e/apply/kill-apply.test.ts',
  'test/action/action-*.test.ts',
  'test/check/pre-commit-hook.test.ts',
  'test/check/check-rules.test.ts',
  'test/sandbox/sandbox-command.test.ts',
];

export default defineConfig({
  test: {
    // Ceilings for a hung test, not speed checks (speed is the benchmark's job): on a loaded 2-core machine a test that
    // spawns the CLI a few times took 18 s of the old 30 s (load average 13), so a slow but correct run must not be cut off.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/helpers/clear-network-env.ts'],
    projects: [
      // The unit files share their worker and import each module once (none leaves a server, a process or changed state
      // behind): 146 s of CPU with a process per file, 65 s without (import 96 → 23 s; tests-speed-52, load 12–16).
      { extends: true, test: { name: 'unit', include: UNIT, isolate: false } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: [...UNIT, ...E2E] } },
      { extends: true, test: { name: 'e2e', include: E2E } },
    ],
  },
});
