import { describe, expect, it } from 'vitest';
import { describeDifferingInputs, findDifferingInputs, namesMappedApart } from '../../../src/files/find-differing-inputs.js';

/** A dashboard model whose two panels use the given datasource uids (placeholders or literals). */
const model = (...uids: string[]) => ({ title: 'Service', uid: 'svc', panels: uids.map((uid, id) => ({ id, datasource: { uid } })) });

describe('findDifferingInputs', () => {
  it('names each input the file uses that the environments map to different values, at its first place', () => {
    const found = findDifferingInputs(model('${DS_PROM}', '$DS_LOKI', '${DS_PROM}'), [
      ['dev', { DS_PROM: 'prom-dev', DS_LOKI: 'loki' }],
      ['qa', { DS_PROM: 'prom-dev', DS_LOKI: 'loki-qa' }],
      ['prod', { DS_PROM: 'prom-prod', DS_LOKI: 'loki' }],
    ]);
    expect(found).toEqual([
      { name: 'DS_PROM', path: ['panels', 0, 'datasource', 'uid'], values: [{ value: 'prom-dev', environments: ['dev', 'qa'] }, { value: 'prom-prod', environments: ['prod'] }] },
      { name: 'DS_LOKI', path: ['panels', 1, 'datasource', 'uid'], values: [{ value: 'loki', environments: ['dev', 'prod'] }, { value: 'loki-qa', environments: ['qa'] }] },
    ]);
    expect(describeDifferingInputs(found)).toBe('DS_PROM is "prom-dev" in dev and qa, "prom-prod" in prod; DS_LOKI is "loki" in dev and prod, "loki-qa" in qa');
  });

  it('is empty when the file renders the same: an input it does not use, the same values, a literal, an input one environment leaves unmapped', () => {
    const environments = [['dev', { DS_PROM: 'prom-dev', DS_OTHER: 'a' }], ['prod', { DS_PROM: 'prom-dev', DS_OTHER: 'b' }]] as const;
    expect(findDifferingInputs(model('${DS_PROM}', 'prom-prod'), environments)).toEqual([]);
    expect(findDifferingInputs(model('${DS_TEMPO}'), [['dev', { DS_TEMPO: 't' }], ['prod', {}]])).toEqual([]);
  });

  it("takes an __inputs constant for the environment that does not map its name, as resolveInputs does", () => {
    const withConstant = { ...model('${VAR_REGION}'), __inputs: [{ name: 'VAR_REGION', type: 'constant', value: 'eu' }] };
    expect(findDifferingInputs(withConstant, [['dev', { VAR_REGION: 'eu' }], ['prod', {}]])).toEqual([]);
    expect(findDifferingInputs(withConstant, [['dev', { VAR_REGION: 'us' }], ['prod', {}]])).toMatchObject([{ name: 'VAR_REGION', values: [{ value: 'us' }, { value: 'eu' }] }]);
  });
});

describe('namesMappedApart', () => {
  it('lists the names whose values are not the same in every map, a name missing in one included', () => {
    expect(namesMappedApart([['a', { DS_A: '1', DS_B: '2', DS_C: '3' }], ['b', { DS_A: '1', DS_B: 'x' }]])).toEqual(['DS_B', 'DS_C']);
    expect(namesMappedApart([['a', { DS_A: '1' }], ['b', { DS_A: '1' }]])).toEqual([]);
  });
});
