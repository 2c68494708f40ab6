import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { failure, seededEnv, type TestEnv } from '../testing/fixtures.ts';

describe('report workflow', () => {
  let env: TestEnv;
  beforeEach(() => {
    env?.cleanup();
    env = seededEnv();
  });
  after(() => env.cleanup());

  function draftWithExpense(owner: string) {
    const ownerId = env.userId(owner);
    const expense = env.services.expenses.create(1, ownerId, {
      merchant: 'Taxi',
      amountMinor: 2500,
      currency: 'USD',
      category: 'Transport',
      date: '2025-03-14',
      description: '',
      receiptId: null,
    });
    return env.services.reports.create(1, ownerId, { title: 'Taxi', expenseIds: [expense.id] });
  }

  it('goes draft → submitted → approved → reimbursed with the right people', () => {
    const report = draftWithExpense('carol');
    const carol = env.userId('carol');
    assert.deepEqual(report.allowedActions, ['edit', 'submit']);
    const submitted = env.services.workflow.transition(report.id, carol, 'submit');
    assert.equal(submitted.status, 'submitted');
    const approved = env.services.workflow.transition(report.id, env.userId('bob'), 'approve');
    assert.equal(approved.status, 'approved');
    assert.equal(approved.decidedBy?.name, 'Bob Martinez');
    const paid = env.services.workflow.transition(report.id, env.userId('alice'), 'reimburse');
    assert.equal(paid.status, 'reimbursed');
    assert.equal(paid.reimbursement?.amountMinor, 2500);
    assert.equal(paid.reimbursement?.bankName, 'First Republic');
    assert.deepEqual(
      paid.history.map((h) => h.action),
      ['report.created', 'report.submitted', 'report.approved', 'report.reimbursed'],
    );
  });

  it('does not let anyone approve their own report', () => {
    const report = draftWithExpense('bob');
    env.services.workflow.transition(report.id, env.userId('bob'), 'submit');
    const error = failure(() =>
      env.services.workflow.transition(report.id, env.userId('bob'), 'approve'),
    );
    assert.equal(error.status, 403);
    assert.equal(error.message, 'You cannot review your own report');
  });

  it('keeps members from approving and approvers from paying', () => {
    const report = draftWithExpense('carol');
    env.services.workflow.transition(report.id, env.userId('carol'), 'submit');
    assert.equal(
      failure(() => env.services.workflow.transition(report.id, env.userId('dave'), 'approve'))
        .status,
      404,
    );
    env.services.workflow.transition(report.id, env.userId('bob'), 'approve');
    assert.equal(
      failure(() => env.services.workflow.transition(report.id, env.userId('bob'), 'reimburse'))
        .status,
      403,
    );
  });

  it('requires a reason to reject, and the owner can reopen and resubmit', () => {
    const report = draftWithExpense('carol');
    const carol = env.userId('carol');
    env.services.workflow.transition(report.id, carol, 'submit');
    const error = failure(() =>
      env.services.workflow.transition(report.id, env.userId('bob'), 'reject', { reason: ' ' }),
    );
    assert.equal(error.fields?.reason, 'Tell the submitter why the report is rejected');
    const rejected = env.services.workflow.transition(report.id, env.userId('bob'), 'reject', {
      reason: 'No receipt',
    });
    assert.equal(rejected.rejectionReason, 'No receipt');
    assert.equal(env.services.workflow.transition(report.id, carol, 'reopen').status, 'draft');
    const resubmitted = env.services.workflow.transition(report.id, carol, 'submit');
    assert.equal(resubmitted.status, 'submitted');
    assert.equal(resubmitted.rejectionReason, null);
  });

  it('refuses to submit an empty report or one that breaks policy', () => {
    const carol = env.userId('carol');
    const empty = env.services.reports.create(1, carol, { title: 'Empty', expenseIds: [] });
    assert.equal(
      failure(() => env.services.workflow.transition(empty.id, carol, 'submit')).status,
      409,
    );
    const bestBuy = env.services.expenses.list(1, carol, { scope: 'mine', text: 'Best Buy' }, 1, 1)
      .items[0];
    assert.ok(bestBuy);
    const report = env.services.reports.create(1, carol, {
      title: 'Gear',
      expenseIds: [bestBuy.id],
    });
    const error = failure(() => env.services.workflow.transition(report.id, carol, 'submit'));
    assert.equal(error.code, 'policy_violation');
    assert.match(Object.values(error.fields ?? {})[0] ?? '', /Receipt required/);
  });

  it('cannot reimburse someone without a default bank account', () => {
    const reports = env.services.reports.list(1, env.userId('alice'), {
      scope: 'all',
      statuses: ['approved'],
      page: 1,
      pageSize: 10,
    });
    const daves = reports.items.find((r) => r.owner.name === 'Dave Johnson');
    assert.ok(daves);
    const error = failure(() =>
      env.services.workflow.transition(daves.id, env.userId('alice'), 'reimburse'),
    );
    assert.equal(error.status, 409);
    assert.equal(error.message, 'Dave Johnson has no default bank account for reimbursement');
  });
});
