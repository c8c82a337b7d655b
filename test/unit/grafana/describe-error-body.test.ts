import { describe, expect, it } from 'vitest';
import { describeErrorBody } from '../../../src/grafana/http/describe-error-body.js';

describe('describeErrorBody', () => {
  it('a k8s Status without message or reason (unified storage refusing a create) says Grafana gave no reason, not the raw body', () => {
    const bare = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 403 });
    expect(describeErrorBody(bare)).toEqual({ message: 'Grafana gave no reason' });
  });

  it('a body with nothing but a trace id (13\'s /api/dashboards/db passing on that bare Status) says Grafana gave no reason', () => {
    expect(describeErrorBody('{"traceID":""}')).toEqual({ message: 'Grafana gave no reason' });
    expect(describeErrorBody('{"message":"Access denied","traceID":""}')).toEqual({ message: 'Access denied' });
  });

  it('a Status with a message and reason keeps both', () => {
    const conflict = JSON.stringify({ kind: 'Status', status: 'Failure', message: 'not allowed to create resource in the destination folder', code: 403 });
    expect(describeErrorBody(conflict)).toEqual({ message: 'not allowed to create resource in the destination folder' });
    expect(describeErrorBody(JSON.stringify({ kind: 'Status', message: 'x', reason: 'Conflict' }))).toEqual({ message: 'x', status: 'Conflict' });
  });

  it('cuts a long proxy page or apiserver error at whole characters: a ZWJ emoji at the cut stays whole', () => {
    const family = '👨‍👩‍👧‍👦';
    // By UTF-16 units the cut (117, 297) falls inside the family.
    expect(describeErrorBody(`<html><body>${'x'.repeat(116)}${family} more</body></html>`).message).toBe(`non-JSON response: ${'x'.repeat(116)}${family} m…`);
    expect(describeErrorBody(`Internal Server Error: "/apis/x": ${'e'.repeat(296)}${family} tail\n`).message).toBe(`${'e'.repeat(296)}${family} t…`);
  });
});
