import type {
  CommentDto,
  Page,
  ReportDetailDto,
  ReportSummaryDto,
} from '../../shared/api-types.ts';
import type { ReportAction } from '../../shared/report-status.ts';
import { del, get, patch, post } from './http.ts';

export function listReports(
  workspaceId: number,
  query: URLSearchParams,
): Promise<Page<ReportSummaryDto>> {
  const qs = query.toString();
  return get<Page<ReportSummaryDto>>(`/api/workspaces/${workspaceId}/reports${qs ? `?${qs}` : ''}`);
}

export function getReport(reportId: number): Promise<ReportDetailDto> {
  return get<ReportDetailDto>(`/api/reports/${reportId}`);
}

export function createReport(
  workspaceId: number,
  title: string,
  expenseIds: number[],
): Promise<ReportDetailDto> {
  return post<ReportDetailDto>(`/api/workspaces/${workspaceId}/reports`, { title, expenseIds });
}

export function renameReport(reportId: number, title: string): Promise<ReportDetailDto> {
  return patch<ReportDetailDto>(`/api/reports/${reportId}`, { title });
}

export function deleteReport(reportId: number): Promise<void> {
  return del<void>(`/api/reports/${reportId}`);
}

export function addExpensesToReport(
  reportId: number,
  expenseIds: number[],
): Promise<ReportDetailDto> {
  return post<ReportDetailDto>(`/api/reports/${reportId}/expenses`, { expenseIds });
}

export function removeExpenseFromReport(
  reportId: number,
  expenseId: number,
): Promise<ReportDetailDto> {
  return del<ReportDetailDto>(`/api/reports/${reportId}/expenses/${expenseId}`);
}

export function transitionReport(
  reportId: number,
  action: ReportAction,
  reason?: string,
): Promise<ReportDetailDto> {
  return post<ReportDetailDto>(
    `/api/reports/${reportId}/${action}`,
    reason === undefined ? {} : { reason },
  );
}

export function addComment(reportId: number, body: string): Promise<CommentDto> {
  return post<CommentDto>(`/api/reports/${reportId}/comments`, { body });
}

export function reportsCsvUrl(workspaceId: number): string {
  return `/api/workspaces/${workspaceId}/exports/reports.csv`;
}
