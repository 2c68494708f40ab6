import type { PreferencesDto, UserDto } from '../../shared/api-types.ts';
import { isCurrencyCode } from '../../shared/currencies.ts';
import { type DateFormat, isDateFormat } from '../../shared/dates.ts';
import { type FieldErrors, isEmail, validatePassword } from '../../shared/validation.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { type Db, one, run, transaction } from '../db/database.ts';
import { conflict, HttpError, notFound, validationFailed } from '../http/errors.ts';
import type { ServiceDeps } from './deps.ts';

interface UserRow {
  id: number;
  email: string;
  name: string;
  password_hash: string;
}

interface PreferencesRow {
  default_currency: string;
  date_format: string;
  page_size: number;
  default_workspace_id: number | null;
}

export const PAGE_SIZES = [10, 20, 50, 100];
const NAME_MAX = 60;

export function getUser(db: Db, id: number): UserDto {
  const row = one<UserRow>(db, 'SELECT id, email, name FROM users WHERE id = ?', id);
  if (!row) throw notFound('User');
  return { id: row.id, email: row.email, name: row.name };
}

export function createUsersService({ db, clock }: ServiceDeps) {
  function readPreferences(userId: number): PreferencesDto {
    const row = one<PreferencesRow>(db, 'SELECT * FROM preferences WHERE user_id = ?', userId);
    if (!row) {
      return {
        defaultCurrency: 'USD',
        dateFormat: 'YYYY-MM-DD',
        pageSize: 20,
        defaultWorkspaceId: null,
      };
    }
    return {
      defaultCurrency: row.default_currency,
      dateFormat: (isDateFormat(row.date_format) ? row.date_format : 'YYYY-MM-DD') as DateFormat,
      pageSize: row.page_size,
      defaultWorkspaceId: row.default_workspace_id,
    };
  }

  return {
    get: (id: number) => getUser(db, id),

    findByEmail(email: string): UserDto | undefined {
      const row = one<UserRow>(
        db,
        'SELECT id, email, name FROM users WHERE email = ?',
        email.trim(),
      );
      return row ? { id: row.id, email: row.email, name: row.name } : undefined;
    },

    /** Checks credentials; the same message for unknown email and wrong password. */
    authenticate(email: string, password: string): UserDto {
      const row = one<UserRow>(db, 'SELECT * FROM users WHERE email = ?', email.trim());
      if (!row || !verifyPassword(password, row.password_hash)) {
        throw new HttpError(401, 'invalid_credentials', 'Incorrect email or password');
      }
      return { id: row.id, email: row.email, name: row.name };
    },

    signUp(input: { name: string; email: string; password: string }): UserDto {
      const errors: FieldErrors = {};
      const name = input.name.trim();
      const email = input.email.trim().toLowerCase();
      if (name === '') errors.name = 'Name is required';
      else if (name.length > NAME_MAX) errors.name = `Name must be at most ${NAME_MAX} characters`;
      if (!isEmail(email)) errors.email = 'Enter a valid email address';
      const passwordProblem = validatePassword(input.password);
      if (passwordProblem) errors.password = passwordProblem;
      if (Object.keys(errors).length > 0) throw validationFailed(errors);
      if (one(db, 'SELECT id FROM users WHERE email = ?', email)) {
        throw conflict('An account with this email already exists');
      }
      return transaction(db, () => {
        const { lastId } = run(
          db,
          'INSERT INTO users (email, name, password_hash, created_at) VALUES (?, ?, ?, ?)',
          email,
          name,
          hashPassword(input.password),
          clock.iso(),
        );
        run(db, 'INSERT INTO preferences (user_id) VALUES (?)', lastId);
        return { id: lastId, email, name };
      });
    },

    updateProfile(userId: number, input: { name?: string; email?: string }): UserDto {
      const errors: FieldErrors = {};
      const current = getUser(db, userId);
      const name = input.name?.trim() ?? current.name;
      const email = input.email?.trim().toLowerCase() ?? current.email;
      if (name === '') errors.name = 'Name is required';
      else if (name.length > NAME_MAX) errors.name = `Name must be at most ${NAME_MAX} characters`;
      if (!isEmail(email)) errors.email = 'Enter a valid email address';
      if (Object.keys(errors).length > 0) throw validationFailed(errors);
      const taken = one<{ id: number }>(
        db,
        'SELECT id FROM users WHERE email = ? AND id != ?',
        email,
        userId,
      );
      if (taken) throw validationFailed({ email: 'This email is used by another account' });
      run(db, 'UPDATE users SET name = ?, email = ? WHERE id = ?', name, email, userId);
      return { id: userId, name, email };
    },

    changePassword(userId: number, currentPassword: string, nextPassword: string): void {
      const row = one<UserRow>(db, 'SELECT * FROM users WHERE id = ?', userId);
      if (!row) throw notFound('User');
      if (!verifyPassword(currentPassword, row.password_hash)) {
        throw validationFailed({ currentPassword: 'Current password is incorrect' });
      }
      const problem = validatePassword(nextPassword);
      if (problem) throw validationFailed({ newPassword: problem });
      run(
        db,
        'UPDATE users SET password_hash = ? WHERE id = ?',
        hashPassword(nextPassword),
        userId,
      );
    },

    preferences: readPreferences,

    updatePreferences(userId: number, patch: Partial<PreferencesDto>): PreferencesDto {
      const next = { ...readPreferences(userId), ...patch };
      const errors: FieldErrors = {};
      if (!isCurrencyCode(next.defaultCurrency))
        errors.defaultCurrency = 'Choose a supported currency';
      if (!isDateFormat(next.dateFormat)) errors.dateFormat = 'Choose a supported date format';
      if (!PAGE_SIZES.includes(next.pageSize)) {
        errors.pageSize = `Page size must be one of ${PAGE_SIZES.join(', ')}`;
      }
      if (next.defaultWorkspaceId !== null) {
        const member = one(
          db,
          'SELECT 1 FROM memberships WHERE workspace_id = ? AND user_id = ?',
          next.defaultWorkspaceId,
          userId,
        );
        if (!member) errors.defaultWorkspaceId = 'Choose a workspace you belong to';
      }
      if (Object.keys(errors).length > 0) throw validationFailed(errors);
      run(
        db,
        `INSERT INTO preferences (user_id, default_currency, date_format, page_size, default_workspace_id)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(user_id) DO UPDATE SET default_currency = excluded.default_currency,
           date_format = excluded.date_format, page_size = excluded.page_size,
           default_workspace_id = excluded.default_workspace_id`,
        userId,
        next.defaultCurrency,
        next.dateFormat,
        next.pageSize,
        next.defaultWorkspaceId,
      );
      return next;
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
