import type { Outcome, PanelRole } from '../db/types.js';

/** The words the service uses for its own values, in one place for pages, exports and PDFs. */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  appointable: 'Appointable',
  reserve: 'Reserve',
  'not-appointable': 'Not appointable',
};

export const PANEL_ROLE_LABELS: Record<PanelRole, string> = {
  chair: 'Chair',
  member: 'Member',
  independent: 'Independent member',
};
