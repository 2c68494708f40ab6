import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIsoDate, isIsoDate } from './dates.ts';
import { isValidRoutingNumber, validateExpense, validatePassword } from './validation.ts';

const VALID = {
  merchant: 'Cafe',
  amountMinor: 450,
  currency: 'USD',
  category: 'Meals',
  date: '2025-03-01',
  description: '',
};

describe('validateExpense', () => {
  it('accepts a complete expense', () => {
    assert.deepEqual(validateExpense(VALID, '2025-03-15'), {});
  });

  it('names each missing or invalid field', () => {
    const errors = validateExpense(
      {
        ...VALID,
        merchant: '  ',
        amountMinor: 0,
        currency: 'XYZ',
        category: '',
        date: '2025-02-30',
      },
      '2025-03-15',
    );
    assert.deepEqual(Object.keys(errors).sort(), [
      'amount',
      'category',
      'currency',
      'date',
      'merchant',
    ]);
  });

  it('refuses dates after today but allows today', () => {
    assert.equal(
      validateExpense({ ...VALID, date: '2025-03-16' }, '2025-03-15').date,
      'Date cannot be in the future',
    );
    assert.deepEqual(validateExpense({ ...VALID, date: '2025-03-15' }, '2025-03-15'), {});
  });
});

describe('small validators', () => {
  it('checks ABA routing checksums', () => {
    assert.equal(isValidRoutingNumber('021000021'), true);
    assert.equal(isValidRoutingNumber('021000022'), false);
    assert.equal(isValidRoutingNumber('12345678'), false);
  });

  it('requires letters and digits in passwords', () => {
    assert.equal(validatePassword('password123'), undefined);
    assert.match(validatePassword('short1') ?? '', /at least 8/);
    assert.match(validatePassword('onlyletters') ?? '', /letter and a number/);
  });

  it('knows real calendar dates and formats them', () => {
    assert.equal(isIsoDate('2024-02-29'), true);
    assert.equal(isIsoDate('2025-02-29'), false);
    assert.equal(formatIsoDate('2025-03-05', 'MM/DD/YYYY'), '03/05/2025');
    assert.equal(formatIsoDate('2025-03-05', 'DD/MM/YYYY'), '05/03/2025');
    assert.equal(formatIsoDate('2025-03-05T10:00:00Z', 'MMM D, YYYY'), 'Mar 5, 2025');
  });
});
