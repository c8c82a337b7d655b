import { describe, expect, it } from 'vitest';
import { autoMigratedType } from '../../../src/grafana-migration/auto-migrated-type.js';

describe('autoMigratedType', () => {
  it('renames the Angular panel types the cleanup replaces', () => {
    expect([autoMigratedType({ type: 'singlestat' }), autoMigratedType({ type: 'table-old' }), autoMigratedType({ type: 'graph' })]).toEqual(['stat', 'table', 'timeseries']);
  });

  it('keeps a plugin type that happens to be a name every object has (constructor, toString): no function comes back as a type', () => {
    expect([autoMigratedType({ type: 'constructor' }), autoMigratedType({ type: 'toString' }), autoMigratedType({ type: 'timeseries' })]).toEqual([undefined, undefined, undefined]);
  });
});
