import { describe, expect, it } from 'vitest';
import { readsEveryDashboard } from '../../../src/grafana/library-elements/connections-listed-in-full.js';

describe('readsEveryDashboard: whether Grafana lists every library panel connection to credentials with these permissions', () => {
  it('needs dashboards:read and folders:read at a wildcard scope, as an org Admin has them', () => {
    expect(readsEveryDashboard({ 'dashboards:read': ['dashboards:*', 'folders:*'], 'folders:read': ['folders:*'] })).toBe(true);
    expect(readsEveryDashboard({ 'dashboards:read': ['folders:uid:*'], 'folders:read': ['*'] })).toBe(true);
    expect(readsEveryDashboard({ 'dashboards:read': ['dashboards:uid:*'], 'folders:read': ['folders:uid:*'] })).toBe(true);
  });

  it('is false for grants on named folders, a missing action, or permissions not known', () => {
    expect(readsEveryDashboard({ 'dashboards:read': ['folders:uid:general', 'folders:uid:team'], 'folders:read': ['folders:uid:general', 'folders:uid:team'] })).toBe(false);
    expect(readsEveryDashboard({ 'dashboards:read': ['dashboards:*'] })).toBe(false);
    expect(readsEveryDashboard({ 'folders:read': ['folders:*'], 'dashboards:read': ['dashboards:uid:a*'] })).toBe(false);
    expect(readsEveryDashboard(null)).toBe(false);
  });
});
