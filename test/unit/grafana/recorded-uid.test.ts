import { describe, expect, it } from 'vitest';
import { savedByUid } from '../../../src/grafana/k8s/recorded-uid.js';

function answer(generation: number, message: string, createdBy: string, updatedBy: string) {
  return { generation, annotations: { 'grafana.app/message': message, 'grafana.app/createdBy': createdBy, 'grafana.app/updatedBy': updatedBy } };
}

describe("the saver of the answer to dashsync's own /apis write", () => {
  it("a create's answer names its creator; a replace's its updater", () => {
    expect(savedByUid(answer(1, 'dashsync: a', 'service-account:ci-uid', ''), { generation: 1, message: 'dashsync: a' })).toBe('ci-uid');
    expect(savedByUid(answer(4, 'dashsync: b', 'user:jane', 'service-account:ci-uid'), { generation: 4, message: 'dashsync: b' })).toBe('ci-uid');
  });

  it('an answer that is not this write (a newer generation, another message: a UI save Grafana answered with) teaches nothing', () => {
    expect(savedByUid(answer(5, 'fix axis', 'user:jane', 'user:mallory'), { generation: 4, message: 'dashsync: b' })).toBeNull();
    expect(savedByUid(answer(4, 'dashsync: b (pasted)', 'user:jane', 'user:mallory'), { generation: 4, message: 'dashsync: b' })).toBeNull();
  });

  it('a saver that is not uid-shaped, or an internal id, is not written into a content note', () => {
    expect(savedByUid(answer(1, 'm', 'service-account:42', ''), { generation: 1, message: 'm' })).toBeNull();
    expect(savedByUid(answer(1, 'm', 'service-account:ci uid]\u001b[2J', ''), { generation: 1, message: 'm' })).toBeNull();
    expect(savedByUid(answer(1, 'm', '', ''), { generation: 1, message: 'm' })).toBeNull();
  });
});
