import type { EraRules } from './era.js';
import type { SandboxState } from './state.js';

/**
 * Who `/api` names as the saver with user-table id `userId`, looked up at the read as Grafana does
 * (`pkg/api/dashboard.go` and `pkg/api/folder.go` read the user row each time: 11.2 `getUserLogin`, 12+
 * `getIdentityName`): a user's login; a service account by era.serviceAccountSaver (its current name, or
 * `Anonymous` on 11.2, whose user GetByID leaves service accounts out); `Anonymous` for an id no longer in the
 * user table. So a service account renamed since the save is shown by its new name. No id recorded (state files
 * written before, provisioning's -1): the name recorded at the save.
 */
export function saverNameNow(
  state: SandboxState,
  era: Pick<EraRules, 'serviceAccountSaver'>,
  userId: number | undefined,
  recorded: string,
): string {
  if (userId === undefined) return recorded;
  const user = state.users.get(userId);
  if (user) return user.login;
  const account = state.serviceAccounts.get(userId);
  if (account && era.serviceAccountSaver === 'name') return account.name;
  return 'Anonymous';
}
