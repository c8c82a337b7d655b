export { loadSettings, loadSettingsForEach, DEFAULT_CONFIG_FILE } from './load-settings.js';
export { resolveSettings, DEFAULTS } from './resolve-settings.js';
export type { ResolveSettingsInput } from './resolve-settings.js';
export { CONFIG_KEYS, TOP_LEVEL_KEYS, ENVIRONMENT_KEYS } from './config-keys.js';
export { requireUrl } from './require-url.js';
export { readGitInfo, type GitInfo } from './read-git-info.js';
export { renderCommitMessage, DASHSYNC_MARKER, MAX_MESSAGE_BYTES } from './render-commit-message.js';
