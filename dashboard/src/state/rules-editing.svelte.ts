import { storedAdminToken } from './admin-token.js';

/**
 * Whether the Alerts page shows the rule editor's controls: at once in a tab that
 * holds the admin token, else once the person asks to manage the rules; viewers see
 * the rules read-only.
 */
class RulesEditing {
  on = $state(storedAdminToken() !== '');
}

/** The rule editor's switch, shared by the page's rule controls. */
export const rulesEditing = new RulesEditing();
