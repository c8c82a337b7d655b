import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readPlannedDashboard } from '../../../src/apply/read-planned-dashboard.js';
import { hashBytes } from '../../../src/files/hash-text.js';
import { TOO_DEEP } from '../../../src/files/parse-json.js';

const SETTINGS = { inputs: {}, minRefreshInterval: '5s' };

/** A dashboard file whose `x` member nests `levels` arrays deep, and whose description holds `brackets` of each kind in text. */
function dashboardText(levels: number, brackets = 0): string {
  const description = '{['.repeat(brackets);
  return `{"uid":"deep","title":"Deep","description":"${description}","x":${'['.repeat(levels)}${']'.repeat(levels)}}`;
}

/** What a saved plan's check of the file (scanDepth) says: read, or refused with the tree pass's error. */
async function checkedAsSavedPlan(text: string): Promise<string> {
  const cwd = await mkdtemp(join(tmpdir(), 'dashsync-planned-'));
  onTestFinished(() => rm(cwd, { recursive: true, force: true }));
  await writeFile(join(cwd, 'deep.json'), text);
  return readPlannedDashboard({ file: 'deep.json', uid: 'deep', contentHash: hashBytes(Buffer.from(text)) }, { ...SETTINGS, cwd }, true, true).then(
    (planned) => planned.kind,
    (error: { diagnostics?: { message: string }[] }) => error.diagnostics?.map((diagnostic) => diagnostic.message).join('; ') ?? String(error),
  );
}

describe('readPlannedDashboard: a saved plan\'s file is refused when it nests too deep, however many brackets it holds', () => {
  it('reads 1,000 levels and refuses 1,001, with brackets in its strings or without', async () => {
    // The top-level object is a level of its own.
    expect(await checkedAsSavedPlan(dashboardText(999))).toBe('text');
    expect(await checkedAsSavedPlan(dashboardText(1000))).toBe(TOO_DEEP);
    // Thousands of brackets in a string open no level: the file is read as one that holds none.
    expect(await checkedAsSavedPlan(dashboardText(999, 3000))).toBe('text');
    expect(await checkedAsSavedPlan(dashboardText(1000, 3000))).toBe(TOO_DEEP);
    expect(await checkedAsSavedPlan(dashboardText(3, 3000))).toBe('text');
  });
});
