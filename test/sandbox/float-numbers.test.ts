import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// 12 and 13 decode a dashboard's spec with encoding/json into float64 (common.Unstructured's UnmarshalJSON):
// a number beyond a float64 fails the decode, one with more digits than a float64 holds is rounded.
describe('numbers a 64-bit float cannot hold, posted to the sandbox', () => {
  const huge = '{"dashboard":{"uid":"huge","title":"Huge","max":1e400},"overwrite":false}';
  const big = '{"dashboard":{"uid":"big","title":"Big","threshold":12345678901234567890},"overwrite":false}';

  it.each(['12', '13'] as const)('Grafana %s refuses 1e400 through /api/dashboards/db and stores nothing', async (grafanaVersion) => {
    const s = await startTestSandbox({ grafanaVersion });
    const saved = await apiRequest(s, 'POST', '/api/dashboards/db', huge);
    expect(saved.status).toBe(400);
    expect(saved.body.message).toBe('Dashboard in version "v0alpha1" cannot be handled as a Dashboard: json: cannot unmarshal number 1e400 into Go value of type float64');
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/huge')).status).toBe(404);
  });

  it.each(['12', '13'] as const)('Grafana %s refuses 1e400 through /apis (400 BadRequest)', async (grafanaVersion) => {
    const s = await startTestSandbox({ grafanaVersion });
    const version = grafanaVersion === '12' ? 'v1beta1' : 'v1';
    const object = `{"apiVersion":"dashboard.grafana.app/${version}","kind":"Dashboard","metadata":{"name":"huge"},"spec":{"title":"Huge","max":-1E+400}}`;
    const created = await apiRequest(s, 'POST', `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards`, object);
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: `Dashboard in version "${version}" cannot be handled as a Dashboard: json: cannot unmarshal number -1E+400 into Go value of type float64` });
  });

  it.each(['12', '13'] as const)('Grafana %s stores 12345678901234567890 as the float64 12345678901234567000', async (grafanaVersion) => {
    const s = await startTestSandbox({ grafanaVersion });
    expect((await apiRequest(s, 'POST', '/api/dashboards/db', big)).status).toBe(200);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/big')).text).toContain('"threshold":12345678901234567000');
  });

  // 11.2 keeps number text: simplejson decodes with UseNumber and encoding/json writes a json.Number as it came.
  it('Grafana 11.2 answers every number as it was posted, in the dashboard and in its versions', async () => {
    const s = await startTestSandbox({ grafanaVersion: '11.2' });
    const posted =
      '{"dashboard":{"uid":"exact","title":"Exact","threshold":12345678901234567890,"max":1e400,"panels":[{"id":1,"ratio":1.0,' +
      '"step":0.30000000000000001,"note":"12345678901234567890","list":[1E3,-0.0,7]}]},"overwrite":false}';
    expect((await apiRequest(s, 'POST', '/api/dashboards/db', posted)).status).toBe(200);
    const text = (await apiRequest(s, 'GET', '/api/dashboards/uid/exact')).text;
    expect(text).toContain('"max":1e400');
    expect(text).toContain('"panels":[{"id":1,"list":[1E3,-0.0,7],"note":"12345678901234567890","ratio":1.0,"step":0.30000000000000001}]');
    expect(text).toContain('"threshold":12345678901234567890');
    expect(text).toContain('"version":1');
    const version = (await apiRequest(s, 'GET', '/api/dashboards/uid/exact/versions/1')).text;
    expect(version).toContain('"threshold":12345678901234567890');
  });

  it('a string holding such a number is only a string', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    const saved = await apiRequest(s, 'POST', '/api/dashboards/db', '{"dashboard":{"uid":"s","title":"S","note":"1e400"}}');
    expect(saved.status).toBe(200);
  });
});
