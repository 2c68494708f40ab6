import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canTransition, isLocked, nextStatus } from './report-status.ts';
import { can } from './roles.ts';

describe('report life cycle', () => {
  it('allows only the documented transitions', () => {
    assert.equal(canTransition('submit', 'draft'), true);
    assert.equal(canTransition('submit', 'rejected'), false);
    assert.equal(canTransition('approve', 'submitted'), true);
    assert.equal(canTransition('approve', 'draft'), false);
    assert.equal(canTransition('reimburse', 'submitted'), false);
    assert.equal(nextStatus('reopen'), 'draft');
  });

  it('locks expenses once a report leaves draft, except when rejected', () => {
    assert.equal(isLocked('draft'), false);
    assert.equal(isLocked('rejected'), false);
    assert.equal(isLocked('submitted'), true);
    assert.equal(isLocked('reimbursed'), true);
  });

  it('grants approval to approvers and reimbursement only to admins', () => {
    assert.equal(can('approver', 'reports.approve'), true);
    assert.equal(can('approver', 'reports.reimburse'), false);
    assert.equal(can('member', 'expenses.viewAll'), false);
    assert.equal(can('admin', 'audit.view'), true);
  });
});
