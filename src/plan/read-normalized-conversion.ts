import type { DesiredContent } from '../files/types.js';
import type { ConvertedForm, GrafanaPort } from '../grafana/port.js';
import { normalizeLive } from './normalize-live.js';

/**
 * A dashboard stored in the other schema family than its file, as Grafana converts it into the file's (a v2-stored one
 * into the classic model; a classic one into the file's v2 version), normalized as a file is, for the file's field diff;
 * undefined where the port cannot read it so, or it is no longer stored in the other family.
 */
export async function readNormalizedConversion(
  grafana: GrafanaPort,
  uid: string,
  file: Pick<DesiredContent, 'schema' | 'apiVersion'>,
  minRefreshInterval: string,
): Promise<ConvertedForm | undefined> {
  const version = file.apiVersion?.slice(file.apiVersion.indexOf('/') + 1);
  const form = file.schema === 'v1' ? await grafana.readClassicForm?.(uid) : version === undefined ? undefined : await grafana.readV2Form?.(uid, version);
  if (!form) return undefined;
  if ('failed' in form) return form;
  const apiVersion = file.schema === 'v1' ? null : file.apiVersion;
  return { model: normalizeLive({ uid, schema: file.schema, apiVersion, model: form.model, metadata: { labels: {}, annotations: {} } }, minRefreshInterval) };
}
