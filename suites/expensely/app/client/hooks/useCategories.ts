import type { CategoryDto } from '../../shared/api-types.ts';
import { listCategories } from '../api/workspaces.ts';
import { useAsync } from './useAsync.ts';

export function useCategories(workspaceId: number): CategoryDto[] {
  const state = useAsync(() => listCategories(workspaceId), [workspaceId]);
  return state.data ?? [];
}
