import type {
  AuditEntryDto,
  CategoryDto,
  MemberDto,
  Page,
  WorkspaceDto,
} from '../../shared/api-types.ts';
import type { Role } from '../../shared/roles.ts';
import { del, get, patch, post } from './http.ts';

export function createWorkspace(name: string, currency: string): Promise<WorkspaceDto> {
  return post<WorkspaceDto>('/api/workspaces', { name, currency });
}

export function updateWorkspace(
  workspaceId: number,
  input: {
    name?: string;
    currency?: string;
    maxExpenseMinor?: number | null;
    receiptRequiredOverMinor?: number | null;
  },
): Promise<WorkspaceDto> {
  return patch<WorkspaceDto>(`/api/workspaces/${workspaceId}`, input);
}

export async function listMembers(workspaceId: number): Promise<MemberDto[]> {
  return (await get<{ items: MemberDto[] }>(`/api/workspaces/${workspaceId}/members`)).items;
}

export function inviteMember(workspaceId: number, email: string, role: Role): Promise<MemberDto> {
  return post<MemberDto>(`/api/workspaces/${workspaceId}/members`, { email, role });
}

export async function changeMemberRole(
  workspaceId: number,
  userId: number,
  role: Role,
): Promise<MemberDto[]> {
  return (
    await patch<{ items: MemberDto[] }>(`/api/workspaces/${workspaceId}/members/${userId}`, {
      role,
    })
  ).items;
}

export function removeMember(workspaceId: number, userId: number): Promise<void> {
  return del<void>(`/api/workspaces/${workspaceId}/members/${userId}`);
}

export async function listCategories(workspaceId: number): Promise<CategoryDto[]> {
  return (await get<{ items: CategoryDto[] }>(`/api/workspaces/${workspaceId}/categories`)).items;
}

export function addCategory(workspaceId: number, name: string): Promise<CategoryDto> {
  return post<CategoryDto>(`/api/workspaces/${workspaceId}/categories`, { name });
}

export async function setCategoryEnabled(
  workspaceId: number,
  categoryId: number,
  enabled: boolean,
): Promise<CategoryDto[]> {
  return (
    await patch<{ items: CategoryDto[] }>(
      `/api/workspaces/${workspaceId}/categories/${categoryId}`,
      { enabled },
    )
  ).items;
}

export function listAudit(
  workspaceId: number,
  page: number,
  action: string,
): Promise<Page<AuditEntryDto>> {
  const params = new URLSearchParams({ page: String(page) });
  if (action) params.set('action', action);
  return get<Page<AuditEntryDto>>(`/api/workspaces/${workspaceId}/audit?${params.toString()}`);
}
