import { convertMinor, parseAmount } from '../../shared/money.ts';
import type { Clock } from '../clock.ts';
import { createServices } from '../services/index.ts';
import { type Db, one, run, transaction } from './database.ts';
import { SAMPLE_RECEIPT_PNG } from './sample-receipt.ts';
import {
  EXPENSES_WITHOUT_RECEIPT,
  SEED_BANK_ACCOUNTS,
  SEED_EXPENSES,
  SEED_PREFERENCES,
  SEED_REPORTS,
  SEED_USERS,
  SEED_WORKSPACES,
} from './seed-data.ts';

/** A clock the seeder moves by hand so that every seeded row gets a fixed, plausible time. */
function manualClock(start: string): Clock & { set(iso: string): void } {
  let current = new Date(start);
  return {
    set(iso: string) {
      current = new Date(iso);
    },
    now: () => new Date(current),
    today: () => current.toISOString().slice(0, 10),
    iso: () => current.toISOString(),
  };
}

function amount(text: string, currency: string): number {
  const parsed = parseAmount(text, currency);
  if (!parsed.ok) throw new Error(`Bad seed amount ${text} ${currency}: ${parsed.error}`);
  return parsed.minor;
}

/**
 * Loads the demo data through the same services the API uses, so that seeded rows obey every
 * rule and the audit trail reads like real use.
 */
export function seedDatabase(db: Db, receiptsDir: string): void {
  if (one(db, 'SELECT 1 FROM users LIMIT 1')) return;
  const clock = manualClock('2025-01-02T09:00:00.000Z');
  const services = createServices(db, clock, receiptsDir);
  const users = new Map<string, number>();
  const workspaces = new Map<string, number>();
  const expenseIds: number[] = [];

  transaction(db, () => {
    for (const user of SEED_USERS) {
      const { lastId } = run(
        db,
        'INSERT INTO users (email, name, password_hash, created_at) VALUES (?, ?, ?, ?)',
        user.email,
        user.name,
        user.passwordHash,
        clock.iso(),
      );
      run(db, 'INSERT INTO preferences (user_id) VALUES (?)', lastId);
      users.set(user.key, lastId);
    }
  });
  const userId = (key: string): number => {
    const id = users.get(key);
    if (id === undefined) throw new Error(`Unknown seed user ${key}`);
    return id;
  };

  for (const ws of SEED_WORKSPACES) {
    const owner = userId(ws.owner);
    const created = services.workspaces.create(owner, { name: ws.name, currency: ws.currency });
    workspaces.set(ws.key, created.id);
    services.workspaces.updateSettings(created.id, owner, {
      maxExpenseMinor: ws.maxExpenseMinor,
      receiptRequiredOverMinor: ws.receiptRequiredOverMinor,
    });
    for (const [member, role] of ws.members) {
      const email = SEED_USERS.find((u) => u.key === member)?.email ?? '';
      services.workspaces.addMember(created.id, owner, { email, role });
    }
    for (const name of ws.extraCategories) services.workspaces.addCategory(created.id, owner, name);
    for (const category of services.workspaces.categories(created.id, owner)) {
      if (ws.disabledCategories.includes(category.name)) {
        services.workspaces.setCategoryEnabled(created.id, owner, category.id, false);
      }
    }
  }

  for (const [key, prefs] of Object.entries(SEED_PREFERENCES)) {
    services.users.updatePreferences(userId(key), {
      ...(prefs.dateFormat ? { dateFormat: prefs.dateFormat as 'YYYY-MM-DD' } : {}),
      ...(prefs.defaultCurrency ? { defaultCurrency: prefs.defaultCurrency } : {}),
      ...(prefs.pageSize ? { pageSize: prefs.pageSize } : {}),
    });
  }
  for (const account of SEED_BANK_ACCOUNTS) {
    services.bankAccounts.add(userId(account.owner), account);
  }

  transaction(db, () => {
    SEED_EXPENSES.forEach(
      ([ws, owner, date, merchant, amountText, currency, category, description], index) => {
        clock.set(`${date}T18:00:00.000Z`);
        const workspaceId = workspaces.get(ws) ?? 0;
        const ownerId = userId(owner);
        const workspace = services.workspaces.get(workspaceId, ownerId);
        const minor = amount(amountText, currency);
        let receiptId: number | null = null;
        const threshold = workspace.receiptRequiredOverMinor;
        const converted = convertMinor(minor, currency, workspace.currency);
        if (
          !EXPENSES_WITHOUT_RECEIPT.has(index + 1) &&
          threshold !== null &&
          converted > threshold
        ) {
          const receipt = services.receipts.store(
            ownerId,
            `${merchant} receipt.png`,
            'image/png',
            SAMPLE_RECEIPT_PNG,
          );
          receiptId = receipt.id;
        }
        const expense = services.expenses.create(workspaceId, ownerId, {
          merchant,
          amountMinor: minor,
          currency,
          category,
          date,
          description,
          receiptId,
        });
        expenseIds.push(expense.id);
      },
    );
  });

  for (const report of SEED_REPORTS) {
    clock.set(report.createdAt);
    const ownerId = userId(report.owner);
    const created = services.reports.create(workspaces.get(report.workspace) ?? 0, ownerId, {
      title: report.title,
      expenseIds: report.expenses.map((position) => expenseIds[position - 1] ?? 0),
    });
    for (const step of report.steps) {
      clock.set(step.at);
      const actor = userId(step.by);
      if (step.action === 'comment') {
        const author = services.users.get(actor);
        services.comments.add(created.workspaceId, created.id, author, step.body);
      } else if (step.action === 'reject') {
        services.workflow.transition(created.id, actor, 'reject', { reason: step.reason });
      } else {
        services.workflow.transition(created.id, actor, step.action);
      }
    }
  }
  clock.set('2025-03-15T12:00:00.000Z');
}
