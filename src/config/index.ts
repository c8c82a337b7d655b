export { loadSettings, DEFAULT_CONFIG_FILE } from './load-settings.js';
export { resolveSettings, DEFAULTS, CONFIG_FILE_KEYS } from './resolve-settings.js';
export type { ResolveSettingsInput } from './resolve-settings.js';
export { requireUrl } from './require-url.js';
export { readGitInfo, type GitInfo } from './read-git-info.js';
export { renderCommitMessage, DASHSYNC_MARKER, MAX_MESSAGE_BYTES } from './render-commit-message.js';
