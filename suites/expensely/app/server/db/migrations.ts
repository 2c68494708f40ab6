import type { DatabaseSync } from 'node:sqlite';

/**
 * Schema history. Each entry runs once, in order, and is recorded in `schema_migrations`.
 * Never edit a shipped migration: add a new one.
 */
const MIGRATIONS: ReadonlyArray<{ id: number; name: string; sql: string }> = [
  {
    id: 1,
    name: 'users_and_sessions',
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE sessions (
        token TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_user ON sessions(user_id);
    `,
  },
  {
    id: 2,
    name: 'workspaces',
    sql: `
      CREATE TABLE workspaces (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        currency TEXT NOT NULL DEFAULT 'USD',
        max_expense_minor INTEGER,
        receipt_required_over_minor INTEGER,
        created_at TEXT NOT NULL
      );
      CREATE TABLE memberships (
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('admin', 'approver', 'member')),
        joined_at TEXT NOT NULL,
        PRIMARY KEY (workspace_id, user_id)
      );
      CREATE TABLE categories (
        id INTEGER PRIMARY KEY,
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        UNIQUE (workspace_id, name)
      );
    `,
  },
  {
    id: 3,
    name: 'expenses_and_reports',
    sql: `
      CREATE TABLE receipts (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        file_name TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        storage_path TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id),
        title TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'reimbursed')),
        submitted_at TEXT,
        decided_by INTEGER REFERENCES users(id),
        decided_at TEXT,
        rejection_reason TEXT,
        reimbursed_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX reports_workspace_status ON reports(workspace_id, status);
      CREATE TABLE expenses (
        id INTEGER PRIMARY KEY,
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id),
        report_id INTEGER REFERENCES reports(id) ON DELETE SET NULL,
        receipt_id INTEGER REFERENCES receipts(id) ON DELETE SET NULL,
        merchant TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        converted_minor INTEGER NOT NULL,
        exchange_rate TEXT NOT NULL,
        category TEXT NOT NULL,
        spent_on TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX expenses_workspace_user ON expenses(workspace_id, user_id, spent_on);
      CREATE INDEX expenses_report ON expenses(report_id);
      CREATE TABLE comments (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id),
        body TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    id: 4,
    name: 'settings_wallet_audit',
    sql: `
      CREATE TABLE preferences (
        user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        default_currency TEXT NOT NULL DEFAULT 'USD',
        date_format TEXT NOT NULL DEFAULT 'YYYY-MM-DD',
        page_size INTEGER NOT NULL DEFAULT 20,
        default_workspace_id INTEGER REFERENCES workspaces(id) ON DELETE SET NULL
      );
      CREATE TABLE bank_accounts (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        holder_name TEXT NOT NULL,
        bank_name TEXT NOT NULL,
        routing_number TEXT NOT NULL,
        account_last4 TEXT NOT NULL,
        account_fingerprint TEXT NOT NULL,
        is_default INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
      CREATE TABLE reimbursements (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL UNIQUE REFERENCES reports(id) ON DELETE CASCADE,
        bank_account_id INTEGER NOT NULL REFERENCES bank_accounts(id),
        amount_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        reference TEXT NOT NULL,
        paid_by INTEGER NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL
      );
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        workspace_id INTEGER REFERENCES workspaces(id) ON DELETE CASCADE,
        actor_id INTEGER REFERENCES users(id),
        action TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        entity_id INTEGER,
        details TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL
      );
      CREATE INDEX audit_workspace ON audit_log(workspace_id, id);
    `,
  },
];

export function runMigrations(db: DatabaseSync): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL
  )`);
  const applied = new Set(
    (db.prepare('SELECT id FROM schema_migrations').all() as Array<{ id: number }>).map(
      (r) => r.id,
    ),
  );
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.id)) continue;
    db.exec('BEGIN');
    try {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(
        migration.id,
        migration.name,
        new Date(0).toISOString(),
      );
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new Error(`Migration ${migration.id} (${migration.name}) failed`, { cause: error });
    }
  }
}

export function latestMigration(): number {
  return MIGRATIONS.at(-1)?.id ?? 0;
}
