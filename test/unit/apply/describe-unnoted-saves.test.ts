import { describe, expect, it } from 'vitest';
import { describeUnnotedSaves } from '../../../src/apply/describe-unnoted-saves.js';

describe('describeUnnotedSaves', () => {
  it('says nothing when every save carried its note', () => {
    expect(describeUnnotedSaves([], 'HTTP 500')).toBeNull();
  });

  it('names ten saves, then how many more', () => {
    const uids = Array.from({ length: 12 }, (_, i) => `dash-${String(i).padStart(2, '0')}`);
    expect(describeUnnotedSaves(uids, 'no response')).toBe(
      'content notes: GET /api/user failed (no response), so who these credentials are was not known: 12 saves went without the note that names its pusher in Grafana\'s version history ' +
        '(dash-00, dash-01, dash-02, dash-03, dash-04, dash-05, dash-06, dash-07, dash-08, dash-09, and 2 more). ' +
        "A plan with these credentials still tells them from a copy of dashsync's message once GET /api/user answers; other credentials of the org cannot",
    );
  });

  it('gives the other reason when GET /api/user answered without a saver a note can hold', () => {
    expect(describeUnnotedSaves(['a'], null)).toMatch(/^content notes: GET \/api\/user named no saver a content note can hold: 1 save went without the note that names its pusher in Grafana's version history \(a\)\. /);
  });
});
