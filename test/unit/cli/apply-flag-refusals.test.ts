import { describe, expect, it } from 'vitest';
import { findApplyFlagRefusal } from '../../../src/cli/apply-flag-refusals.js';

describe("apply's flag refusals advise the run's own commands (walk-67 L1)", () => {
  it('--prune with a plan file: the plan again with the config, --url and the saved plan\'s own flags, into the file given', () => {
    const refusal = findApplyFlagRefusal({
      plan: 'plans/prod plan.json',
      prune: 'all',
      config: 'ops/grafana.json',
      url: 'https://grafana.example.com',
      savedPlan: { selection: { exclude: ['scratch/**'] } },
    });
    expect(refusal?.next).toBe(
      "To prune, make the plan with dashsync plan --url https://grafana.example.com --config ops/grafana.json --exclude 'scratch/**' --prune all --out 'plans/prod plan.json'",
    );
  });

  it('never repeats a URL that may hold a credential (the settings refuse it later, and it is not printed here)', () => {
    for (const url of ['https://admin:secret@grafana.example.com', 'https://grafana.example.com/?token=secret']) {
      const refusal = findApplyFlagRefusal({ plan: 'plan.json', root: 'elsewhere', url });
      expect(refusal?.next).toBe('Make the plan with dashsync plan --root elsewhere --out plan.json, or apply it without --root');
    }
  });

  it('no refusal where the flags make sense together', () => {
    expect(findApplyFlagRefusal({ plan: 'plan.json', environment: 'production', backupDir: 'b' })).toBeUndefined();
    expect(findApplyFlagRefusal({ format: 'json', autoApprove: true, prune: 'folders' })).toBeUndefined();
  });
});
