import type { LibraryPanelUser } from '../plan/types.js';
import { quoteText } from './escape-untrusted.js';

/** `a1 "A one", b1`: the dashboards that use a library panel as every line names them (uid, then the title where known). */
export function describeLibraryPanelUsers(users: readonly LibraryPanelUser[]): string {
  return users.map((user) => (user.title ? `${user.uid} ${quoteText(user.title)}` : user.uid)).join(', ');
}
