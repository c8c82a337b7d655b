import { describe, expect, it } from 'vitest';
import { describeLeftFile, type LeftFile } from '../../src/pull/describe-left-file.js';

// walk-58 F2: pull --env staging kept a committed v2 file and said `dashsync apply --env staging pushes it`, while staging's
// plan (the legacy /api) stops on that file: no apply can push it.
const kept = (decision: LeftFile['decision'], unwritable?: string): LeftFile => ({
  decision,
  git: 'committed',
  author: { author: 'dashsync', version: 3 },
  gitUnavailable: null,
  ...(unwritable !== undefined && { unwritable }),
});
const REFUSED = "a dashboard.grafana.app/v2 dashboard needs Grafana's /apis on Grafana 13 or later (…); this run uses /api only";
const selection = { environment: 'staging' };

describe('the kept line of a file this Grafana cannot take', () => {
  it('says the plan stops on it, and why, where it promised an apply', () => {
    const committed = describeLeftFile(kept({ action: 'keep', reason: 'committed-not-applied', commit: '3f9a0c2d41be0000000000000000000000000000', laterCommits: 0 }, REFUSED), { uid: 'svc', file: 'dashboards/svc.json' }, selection);
    const edited = describeLeftFile(kept({ action: 'keep', reason: 'edited-since-commit', commit: '3f9a0c2d41be0000000000000000000000000000' }, REFUSED), { uid: 'svc', file: 'dashboards/svc.json' }, selection);
    for (const line of [committed, edited]) {
      expect(line).toContain(`but dashsync plan --env staging stops on this file, so no apply pushes it: ${REFUSED}`);
      expect(line).not.toContain('apply --env staging pushes it');
    }
  });

  it('a file it can take keeps the plan and the apply that push it', () => {
    const line = describeLeftFile(kept({ action: 'keep', reason: 'committed-not-applied', commit: '3f9a0c2d41be0000000000000000000000000000', laterCommits: 0 }), { uid: 'svc', file: 'dashboards/svc.json' }, selection);
    expect(line).toContain('dashsync plan --env staging shows the change, dashsync apply --env staging pushes it');
  });
});
