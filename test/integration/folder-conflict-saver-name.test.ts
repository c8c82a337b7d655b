import { describe, expect, it } from 'vitest';
import { planFolderRename } from '../helpers/planned-folder-rename.js';
import { apiRequest, bearerHeaders } from '../helpers/sandbox.js';

/**
 * A folder another service account renamed after the plan: the conflict names that account. On 12 the folder comes
 * from legacy storage, which writes every saver of the user table as `user:<id>` (pkg/registry/apis/folders/conversions.go),
 * while Grafana's display list answers that row as a `service-account`; on 13 unified storage records
 * `service-account:<uid>`. Either way the name people know, not the typed id.
 */
describe.each(['12', '13'] as const)('a folder conflict on Grafana %s (/apis) names the service account that changed it', (grafanaVersion) => {
  it('names the account, not user:<id>', async () => {
    const { sandbox, apply } = await planFolderRename({ grafanaVersion }, 'k8s');
    const job = (await apiRequest(sandbox, 'POST', '/api/serviceaccounts', { name: 'nightly job', role: 'Editor' })).body;
    const token = (await apiRequest(sandbox, 'POST', `/api/serviceaccounts/${job.id}/tokens`, { name: 'job' })).body.key as string;
    const renamed = await apiRequest(sandbox, 'PUT', '/api/folders/team', { title: 'Renamed by the job', overwrite: true }, bearerHeaders(token));
    expect(renamed.status).toBe(200);

    const result = await apply();
    expect(result.conflicts).toMatchObject([{ uid: 'team', action: 'folder-update', changedBy: 'nightly job', currentTitle: 'Renamed by the job' }]);
  });
});
