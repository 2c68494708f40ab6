import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { failure, seededEnv, type TestEnv } from '../testing/fixtures.ts';

describe('expenses service', () => {
  let env: TestEnv;
  before(() => {
    env = seededEnv();
  });
  after(() => env.cleanup());

  const input = {
    merchant: 'Corner Bakery',
    amountMinor: 1240,
    currency: 'USD',
    category: 'Meals',
    date: '2025-03-14',
    description: 'Team breakfast',
    receiptId: null,
  };

  it('creates an expense and converts it to the workspace currency', () => {
    const carol = env.userId('carol');
    const expense = env.services.expenses.create(1, carol, {
      ...input,
      amountMinor: 5000,
      currency: 'EUR',
    });
    assert.equal(expense.convertedMinor, 5435);
    assert.equal(expense.workspaceCurrency, 'USD');
    assert.equal(expense.exchangeRate, '1.086957');
    assert.equal(expense.editable, true);
    assert.equal(expense.reportStatus, null);
  });

  it('rejects a disabled category and a future date with field errors', () => {
    const error = failure(() =>
      env.services.expenses.create(1, env.userId('carol'), {
        ...input,
        category: 'Entertainment',
        date: '2025-03-16',
      }),
    );
    assert.equal(error.status, 422);
    assert.equal(error.fields?.category, 'Choose one of the workspace categories');
    assert.equal(error.fields?.date, 'Date cannot be in the future');
  });

  it('enforces the workspace maximum after conversion', () => {
    const error = failure(() =>
      env.services.expenses.create(1, env.userId('carol'), {
        ...input,
        amountMinor: 400_000,
        currency: 'GBP',
      }),
    );
    assert.equal(error.fields?.amount, 'Amount exceeds the workspace limit of $5,000.00');
  });

  it('locks expenses on submitted reports', () => {
    const carol = env.userId('carol');
    const page = env.services.expenses.list(
      1,
      carol,
      { scope: 'mine', statuses: ['submitted'] },
      1,
      50,
    );
    const locked = page.items[0];
    assert.ok(locked);
    assert.equal(locked.editable, false);
    const error = failure(() =>
      env.services.expenses.update(locked.id, carol, { merchant: 'Changed' }),
    );
    assert.equal(error.status, 409);
  });

  it('hides other people’s expenses from members but not from approvers', () => {
    const daveExpense = env.services.expenses.list(1, env.userId('dave'), { scope: 'mine' }, 1, 1)
      .items[0];
    assert.ok(daveExpense);
    assert.equal(
      failure(() => env.services.expenses.get(daveExpense.id, env.userId('carol'))).status,
      404,
    );
    assert.equal(
      env.services.expenses.get(daveExpense.id, env.userId('bob')).owner.name,
      'Dave Johnson',
    );
    assert.equal(
      failure(() => env.services.expenses.list(1, env.userId('carol'), { scope: 'all' }, 1, 20))
        .status,
      403,
    );
  });

  it('lets only the owner delete, and records it in the audit log', () => {
    const carol = env.userId('carol');
    const created = env.services.expenses.create(1, carol, input);
    assert.equal(
      failure(() => env.services.expenses.remove(created.id, env.userId('alice'))).status,
      403,
    );
    env.services.expenses.remove(created.id, carol);
    assert.equal(failure(() => env.services.expenses.get(created.id, carol)).status, 404);
    const log = env.services.audit.list(1, { page: 1, pageSize: 1, action: 'expense.deleted' });
    assert.equal(log.items[0]?.entityId, created.id);
  });
});
