/** Workspace roles and what each may do. One table, read by the server and the UI alike. */

export const ROLES = ['admin', 'approver', 'member'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export type Permission =
  | 'expenses.viewAll'
  | 'reports.viewAll'
  | 'reports.approve'
  | 'reports.reimburse'
  | 'members.manage'
  | 'workspace.manage'
  | 'audit.view';

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: [
    'expenses.viewAll',
    'reports.viewAll',
    'reports.approve',
    'reports.reimburse',
    'members.manage',
    'workspace.manage',
    'audit.view',
  ],
  approver: ['expenses.viewAll', 'reports.viewAll', 'reports.approve'],
  member: [],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  approver: 'Approver',
  member: 'Member',
};
