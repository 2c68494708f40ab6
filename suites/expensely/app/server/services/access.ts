import { can, type Permission, type Role } from '../../shared/roles.ts';
import { type Db, one } from '../db/database.ts';
import { forbidden, notFound } from '../http/errors.ts';

export interface Membership {
  workspaceId: number;
  userId: number;
  role: Role;
  currency: string;
}

/**
 * The caller's membership in a workspace. Non-members get a 404 rather than a 403 so that
 * workspace ids cannot be probed.
 */
export function membershipOf(db: Db, workspaceId: number, userId: number): Membership {
  const row = one<{ role: Role; currency: string }>(
    db,
    `SELECT m.role, w.currency FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
     WHERE m.workspace_id = ? AND m.user_id = ?`,
    workspaceId,
    userId,
  );
  if (!row) throw notFound('Workspace');
  return { workspaceId, userId, role: row.role, currency: row.currency };
}

export function requirePermission(
  member: Membership,
  permission: Permission,
  message?: string,
): void {
  if (!can(member.role, permission)) throw forbidden(message);
}
