import { describe, expect, it } from 'vitest';
import { describeLeftFile, type LeftFile } from '../../src/pull/describe-left-file.js';
import type { UnconfirmedNote } from '../../src/grafana/port.js';

// review-mend-50b: a refusal resting on a push known by its content note alone says why that note is unconfirmed, and only
// that (main listed the three possible reasons on every such line, though the run knows which one it met).
const refusedOver = (pushUnconfirmed: UnconfirmedNote): LeftFile => ({
  decision: { action: 'refuse', reason: 'changed-since-push', commit: '3f9a0c2d41be0000000000000000000000000000', laterCommits: 0, pushedVersion: 4, pushUnconfirmed, merge: { head: '3f9a0c2d41be0000000000000000000000000000', base: '1b2c3d4e5f600000000000000000000000000000' } },
  git: 'committed',
  author: { author: 'someone-else', version: 5, by: 'editor', at: '2026-12-04T05:10:00Z' },
  gitUnavailable: null,
});

describe('the refused line over a push whose note Grafana did not confirm', () => {
  const after = "; if that save was not dashsync's, your commit may be applied already, and merging by hand, below, is safe either way): in git by 3f9a0c2d41be,";

  it('names the reason the run met: the other API, a saver the history does not name (as `/api` or `/apis` show one), or another saver named', () => {
    expect(describeLeftFile(refusedOver('other-api'), { uid: 'work', file: 'dashboards/work.json' })).toContain(
      `changed on both sides since dashsync applied version 4 (known by its content note alone: its note was written through the other API than this pull uses, whose saver this history cannot check${after}`,
    );
    expect(describeLeftFile(refusedOver('saver-unnamed'), { uid: 'work', file: 'dashboards/work.json' })).toContain(
      `(known by its content note alone: Grafana's history does not say who saved version 4 in a way dashsync can match to the note (it lists the saver as Anonymous, as it does ` +
        `a service account on Grafana 11.2–11.5 and on 12.0–12.2, or an account deleted since)${after}`,
    );
    // pull-check-51: read through `/apis`, the example fits its history (main gave `/api`'s Anonymous there).
    // provisioning-52: the releases and the storage as Grafana's source has them (sandbox README "Who saved, per release").
    expect(describeLeftFile(refusedOver('k8s-saver-unnamed'), { uid: 'work', file: 'dashboards/work.json' })).toContain(
      `(known by its content note alone: Grafana's history does not say who saved version 4 in a way dashsync can match to the note (it records the save as "provisioning:", ` +
        `as Grafana 12.0–12.2 record a service account's, or, on legacy storage, names no saver once the saver's account is deleted)${after}`,
    );
    expect(describeLeftFile(refusedOver('other-saver'), { uid: 'work', file: 'dashboards/work.json' })).toContain(
      `(known by its content note alone: the note names another saver than Grafana's history does: a service account renamed since, or a note copied into someone else's save${after}`,
    );
  });

  it('says nothing of it over a confirmed push', () => {
    const { pushUnconfirmed: _unused, ...confirmed } = refusedOver('other-api').decision as Extract<LeftFile['decision'], { reason: 'changed-since-push' }>;
    expect(describeLeftFile({ ...refusedOver('other-api'), decision: confirmed }, { uid: 'work', file: 'dashboards/work.json' })).not.toContain('known by its content note alone');
  });
});
