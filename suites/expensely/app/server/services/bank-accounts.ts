import { createHash } from 'node:crypto';
import type { BankAccountDto } from '../../shared/api-types.ts';
import {
  type FieldErrors,
  isValidAccountNumber,
  isValidRoutingNumber,
} from '../../shared/validation.ts';
import { many, one, run, transaction } from '../db/database.ts';
import { conflict, notFound, validationFailed } from '../http/errors.ts';
import type { ServiceDeps } from './deps.ts';

interface BankAccountRow {
  id: number;
  holder_name: string;
  bank_name: string;
  routing_number: string;
  account_last4: string;
  is_default: number;
  created_at: string;
}

function toDto(row: BankAccountRow): BankAccountDto {
  return {
    id: row.id,
    holderName: row.holder_name,
    bankName: row.bank_name,
    routingNumber: row.routing_number,
    accountLast4: row.account_last4,
    isDefault: row.is_default === 1,
    createdAt: row.created_at,
  };
}

export interface BankAccountInput {
  holderName: string;
  bankName: string;
  routingNumber: string;
  accountNumber: string;
}

/** Only the last four digits and a fingerprint of an account number are ever stored. */
export function createBankAccountsService({ db, clock }: ServiceDeps) {
  function list(userId: number): BankAccountDto[] {
    return many<BankAccountRow>(
      db,
      'SELECT * FROM bank_accounts WHERE user_id = ? ORDER BY is_default DESC, id',
      userId,
    ).map(toDto);
  }

  return {
    list,

    add(userId: number, input: BankAccountInput): BankAccountDto {
      const errors: FieldErrors = {};
      const holderName = input.holderName.trim();
      const bankName = input.bankName.trim();
      const routing = input.routingNumber.replace(/\s+/g, '');
      const account = input.accountNumber.replace(/\s+/g, '');
      if (holderName === '') errors.holderName = 'Account holder is required';
      if (bankName === '') errors.bankName = 'Bank name is required';
      if (!isValidRoutingNumber(routing))
        errors.routingNumber = 'Enter a valid 9-digit routing number';
      if (!isValidAccountNumber(account))
        errors.accountNumber = 'Account numbers have 4 to 17 digits';
      if (Object.keys(errors).length > 0) throw validationFailed(errors);
      const fingerprint = createHash('sha256').update(`${routing}:${account}`).digest('hex');
      if (
        one(
          db,
          'SELECT 1 FROM bank_accounts WHERE user_id = ? AND account_fingerprint = ?',
          userId,
          fingerprint,
        )
      ) {
        throw conflict('This bank account is already in your wallet');
      }
      const isFirst = list(userId).length === 0;
      const { lastId } = run(
        db,
        `INSERT INTO bank_accounts (user_id, holder_name, bank_name, routing_number, account_last4,
           account_fingerprint, is_default, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        userId,
        holderName,
        bankName,
        routing,
        account.slice(-4),
        fingerprint,
        isFirst ? 1 : 0,
        clock.iso(),
      );
      const row = one<BankAccountRow>(db, 'SELECT * FROM bank_accounts WHERE id = ?', lastId);
      if (!row) throw notFound('Bank account');
      return toDto(row);
    },

    makeDefault(userId: number, accountId: number): BankAccountDto[] {
      if (!one(db, 'SELECT 1 FROM bank_accounts WHERE id = ? AND user_id = ?', accountId, userId)) {
        throw notFound('Bank account');
      }
      transaction(db, () => {
        run(db, 'UPDATE bank_accounts SET is_default = 0 WHERE user_id = ?', userId);
        run(db, 'UPDATE bank_accounts SET is_default = 1 WHERE id = ?', accountId);
      });
      return list(userId);
    },

    remove(userId: number, accountId: number): BankAccountDto[] {
      const row = one<BankAccountRow>(
        db,
        'SELECT * FROM bank_accounts WHERE id = ? AND user_id = ?',
        accountId,
        userId,
      );
      if (!row) throw notFound('Bank account');
      if (one(db, 'SELECT 1 FROM reimbursements WHERE bank_account_id = ?', accountId)) {
        throw conflict('This account has received reimbursements and cannot be removed');
      }
      transaction(db, () => {
        run(db, 'DELETE FROM bank_accounts WHERE id = ?', accountId);
        if (row.is_default === 1) {
          const next = one<{ id: number }>(
            db,
            'SELECT id FROM bank_accounts WHERE user_id = ? ORDER BY id LIMIT 1',
            userId,
          );
          if (next) run(db, 'UPDATE bank_accounts SET is_default = 1 WHERE id = ?', next.id);
        }
      });
      return list(userId);
    },
  };
}

export type BankAccountsService = ReturnType<typeof createBankAccountsService>;
