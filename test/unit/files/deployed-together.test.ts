import { describe, expect, it } from 'vitest';
import { describeDeployedWith } from '../../../src/files/deployed-together.js';

// env-55b's leftover: one environment read "selected by environments a, which deploy to the same Grafana org". No judge of
// today's names one alone there (it takes one environment on each side), so the words are held here, for the caller that will.
describe('describeDeployedWith', () => {
  it('names one environment in the singular and several in the plural, in each of its forms', () => {
    const shared = (names: string[]) => describeDeployedWith('team/ops.json', Object.assign(names, { sharedOrg: true as const }));
    const mixed = (both: string[], inOneOrg: string[]) => describeDeployedWith('team/ops.json', Object.assign([...both, ...inOneOrg], { inOneOrg }));
    expect([shared(['a']), shared(['a', 'b']), mixed(['qa'], ['dev']), mixed(['qa', 'stage'], ['dev', 'prod']), describeDeployedWith('team/ops.json', ['qa'])]).toEqual([
      'team/ops.json (selected by environment a, which deploys to the same Grafana org)',
      'team/ops.json (selected by environments a, b, which deploy to the same Grafana org)',
      'team/ops.json (both selected by environment qa, and selected by environment dev, which deploys to the same Grafana org)',
      'team/ops.json (both selected by environments qa, stage, and selected by environments dev, prod, which deploy to the same Grafana org)',
      'team/ops.json (both selected by environment qa)',
    ]);
  });
});
