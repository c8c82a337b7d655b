import { describe, expect, it } from 'vitest';
import { isDashsyncSave, k8sSavedBy, k8sSaver, legacySaver } from '../../../src/grafana/save-authorship.js';

describe('save authorship: the marker and who saved it', () => {
  it("a marked save is dashsync's unless Grafana records another identity as its saver", () => {
    expect(isDashsyncSave('dashsync: 1a2b3c Tune CPU', 'me')).toBe(true);
    expect(isDashsyncSave('dashsync: 1a2b3c Tune CPU', 'unknown')).toBe(true);
    expect(isDashsyncSave('dashsync: 1a2b3c Tune CPU', 'someone-else')).toBe(false);
    expect(isDashsyncSave('fix axis', 'me')).toBe(false);
  });

  it('/api: the createdBy login (or a service account name) against ours; Anonymous, empty or our identity unknown: unknown', () => {
    expect(legacySaver('ci-bot', ['ci-bot'])).toBe('me');
    expect(legacySaver('CI bot', ['sa-1-ci-bot', 'CI bot'])).toBe('me');
    expect(legacySaver('jane', ['ci-bot'])).toBe('someone-else');
    expect(legacySaver('Anonymous', ['ci-bot'])).toBe('unknown');
    expect(legacySaver('', ['ci-bot'])).toBe('unknown');
    expect(legacySaver('jane', null)).toBe('unknown');
  });

  it('/apis: the uid of the typed identity against ours, whatever its type (legacy storage says user: for service accounts)', () => {
    expect(k8sSaver('user:u1', 'u1')).toBe('me');
    expect(k8sSaver('service-account:u1', 'u1')).toBe('me');
    expect(k8sSaver('user:jane-4', 'u1')).toBe('someone-else');
    expect(k8sSaver('provisioning:', 'u1')).toBe('unknown');
    expect(k8sSaver('', 'u1')).toBe('unknown');
    expect(k8sSaver('user:jane-4', null)).toBe('unknown');
  });

  it("/apis: our id of digits only (a service account's internal id, from GET /api/user) cannot be compared: unknown", () => {
    expect(k8sSaver('user:ae3x9', '42')).toBe('unknown');
    expect(k8sSaver('service-account:ae3x9', '42')).toBe('unknown');
    expect(k8sSaver('user:42', '42')).toBe('unknown');
  });

  it('/apis: a later generation is judged by its updatedBy alone (empty: nobody named), the first by its creator', () => {
    expect(k8sSavedBy(1, 'user:alice', '')).toBe('user:alice');
    expect(k8sSavedBy(1, 'user:alice', 'user:alice')).toBe('user:alice');
    expect(k8sSavedBy(4, 'user:alice', 'service-account:ci')).toBe('service-account:ci');
    expect(k8sSavedBy(4, 'user:alice', '')).toBe('');
    expect(k8sSaver(k8sSavedBy(4, 'user:alice', ''), 'ci')).toBe('unknown');
  });
});
