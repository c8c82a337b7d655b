import { describe, expect, it } from 'vitest';
import { inputsOfCommittedConfig } from '../../../src/config/inputs-at-commit.js';

describe('inputsOfCommittedConfig (the inputs a committed config gave an environment)', () => {
  const config = JSON.stringify({ inputs: { DS_PROM: 'prom', DS_LOKI: 'loki' }, environments: { prod: { inputs: { DS_LOKI: 'loki-prod', BAD: 1 } } } });

  it('merges the environment\'s inputs over the top level\'s, key by key, leaving out values that are no strings', () => {
    expect(inputsOfCommittedConfig(config, 'prod')).toEqual({ DS_PROM: 'prom', DS_LOKI: 'loki-prod' });
    expect(inputsOfCommittedConfig(config, undefined)).toEqual({ DS_PROM: 'prom', DS_LOKI: 'loki' });
  });

  it("gives a config of one Grafana's (no environments yet) top-level inputs for any environment (review-66a L6)", () => {
    expect(inputsOfCommittedConfig('{"inputs":{"DS_PROM":"prom-a"}}', 'prod')).toEqual({ DS_PROM: 'prom-a' });
    expect(inputsOfCommittedConfig('{"inputs":{"DS_PROM":"prom-a"},"environments":{"staging":{}}}', 'prod')).toBeNull();
  });

  it('reads a config saved with a UTF-8 byte-order mark, as the run reads its own (review-66a M4)', () => {
    expect(inputsOfCommittedConfig(`\uFEFF${config}`, 'prod')).toEqual({ DS_PROM: 'prom', DS_LOKI: 'loki-prod' });
  });

  it('tells nothing for no config, a text that is no JSON object, or an environment that commit did not define', () => {
    expect(inputsOfCommittedConfig(null, 'prod')).toBeNull();
    expect(inputsOfCommittedConfig(undefined, 'prod')).toBeNull();
    expect(inputsOfCommittedConfig('{ "inputs": ', 'prod')).toBeNull();
    expect(inputsOfCommittedConfig('[]', undefined)).toBeNull();
    expect(inputsOfCommittedConfig(config, 'staging')).toBeNull();
  });
});
