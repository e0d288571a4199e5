import assert from 'node:assert/strict';
import { campaignStateLabels } from '../../../server/domain/campaign-state.js';
import { OUTCOME_LABELS, PANEL_ROLE_LABELS } from '../../../server/domain/labels.js';
import { conflictStateLabels, panelRoleLabels } from '../../../server/domain/panels.js';

/** The words pages, exports and PDFs show for the service's values: a change here changes them all. */
describe('labels', () => {
  it('names outcomes', () => {
    assert.deepEqual(OUTCOME_LABELS, {
      appointable: 'Appointable',
      reserve: 'Reserve',
      'not-appointable': 'Not appointable',
    });
  });

  it('names panel roles, and panels shows the same names', () => {
    assert.deepEqual(PANEL_ROLE_LABELS, {
      chair: 'Chair',
      member: 'Member',
      independent: 'Independent member',
    });
    assert.equal(panelRoleLabels, PANEL_ROLE_LABELS);
  });

  it('names campaign and conflict states', () => {
    assert.deepEqual(campaignStateLabels, { 'setting-up': 'Setting up', open: 'Open', closed: 'Closed' });
    assert.deepEqual(conflictStateLabels, {
      needed: 'Declaration needed',
      none: 'No conflict',
      conflicted: 'Conflict declared',
    });
  });
});
