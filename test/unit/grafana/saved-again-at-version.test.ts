import { describe, expect, it } from 'vitest';
import { savedAgainSincePlan } from '../../../src/grafana/saved-again-at-version.js';

// What a plan recorded of the save it saw (LiveDashboardState, LiveLibraryPanelState): its version and that save's time.
const PLANNED = { version: 3, updated: '2026-12-06T02:10:41Z' };
const read = (version: number, at: string) => ({ version, lastSave: { at } });

describe('savedAgainSincePlan (a database restored from a backup gives the version numbers out again)', () => {
  it('tells another save under the planned version by its time', () => {
    expect(savedAgainSincePlan(PLANNED, read(3, '2026-12-06T02:31:07Z'))).toBe(true);
  });

  it('tells nothing for the save the plan saw, though one release shows milliseconds and another does not', () => {
    expect(savedAgainSincePlan(PLANNED, read(3, '2026-12-06T02:10:41Z'))).toBe(false);
    expect(savedAgainSincePlan(PLANNED, read(3, '2026-12-06T02:10:41.734Z'))).toBe(false);
  });

  it('leaves another version to the version check, and tells nothing where a time is missing or no save was planned', () => {
    expect(savedAgainSincePlan(PLANNED, read(4, '2026-12-06T02:31:07Z'))).toBe(false);
    expect(savedAgainSincePlan({ version: 3, updated: '' }, read(3, '2026-12-06T02:31:07Z'))).toBe(false);
    expect(savedAgainSincePlan({ version: 3 }, read(3, '2026-12-06T02:31:07Z'))).toBe(false);
    expect(savedAgainSincePlan(PLANNED, read(3, ''))).toBe(false);
    expect(savedAgainSincePlan(PLANNED, read(3, 'not a time'))).toBe(false);
    // A create: the plan saw no dashboard or panel.
    expect(savedAgainSincePlan(null, read(1, '2026-12-06T02:31:07Z'))).toBe(false);
  });
});
