import type { JsonSchema } from './checks.js';
import { CONFIG_KEYS, ENVIRONMENT_KEYS, ENVIRONMENTS_DESCRIPTION, ENVIRONMENTS_KEY, type ConfigKey } from './config-keys.js';
import { ENVIRONMENT_NAME_PATTERN } from './environment-name.js';

/**
 * dashsync.schema.json, from the same key table and checks the resolver validates with
 * (draft-07, which every editor's JSON support reads). `npm run schema` writes it; a test
 * fails when the committed file differs.
 */
function buildConfigSchema(): JsonSchema {
  const property = (key: ConfigKey): JsonSchema => ({ description: CONFIG_KEYS[key].description, ...CONFIG_KEYS[key].check.schema });
  const properties = Object.fromEntries((Object.keys(CONFIG_KEYS) as ConfigKey[]).map((key) => [key, property(key)]));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'dashsync.config.json',
    description: 'Configuration of dashsync (GitOps for Grafana dashboards). No credentials: those come from GRAFANA_TOKEN (or GRAFANA_TOKEN_<ENVIRONMENT>).',
    type: 'object',
    additionalProperties: false,
    properties: {
      ...properties,
      [ENVIRONMENTS_KEY]: {
        description: ENVIRONMENTS_DESCRIPTION,
        type: 'object',
        propertyNames: { pattern: ENVIRONMENT_NAME_PATTERN },
        additionalProperties: { $ref: '#/definitions/environment' },
      },
    },
    definitions: {
      environment: {
        description: 'One Grafana (or org): these values override the top level; "inputs" merge over the top-level inputs key by key.',
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(ENVIRONMENT_KEYS.map((key) => [key, property(key)])),
      },
    },
  };
}

/** The file as committed: two-space JSON with a final newline. */
export function renderConfigSchema(): string {
  return `${JSON.stringify(buildConfigSchema(), null, 2)}\n`;
}
