import type { DateFormat } from './dates.ts';
import type { ReportStatus } from './report-status.ts';
import type { Role } from './roles.ts';

/** Shapes of the JSON the API sends. The server builds them; the client reads them. */

export interface UserDto {
  id: number;
  email: string;
  name: string;
}

export interface PreferencesDto {
  defaultCurrency: string;
  dateFormat: DateFormat;
  pageSize: number;
  defaultWorkspaceId: number | null;
}

export interface WorkspaceDto {
  id: number;
  name: string;
  currency: string;
  role: Role;
  maxExpenseMinor: number | null;
  receiptRequiredOverMinor: number | null;
  memberCount: number;
}

export interface SessionDto {
  user: UserDto;
  preferences: PreferencesDto;
  workspaces: WorkspaceDto[];
  /** The server's calendar date, so that "today" agrees with server-side validation. */
  today: string;
}

export interface MemberDto {
  userId: number;
  name: string;
  email: string;
  role: Role;
  joinedAt: string;
}

export interface CategoryDto {
  id: number;
  name: string;
  enabled: boolean;
  expenseCount: number;
}

export interface ExpenseDto {
  id: number;
  workspaceId: number;
  owner: UserDto;
  merchant: string;
  amountMinor: number;
  currency: string;
  convertedMinor: number;
  workspaceCurrency: string;
  exchangeRate: string;
  category: string;
  date: string;
  description: string;
  reportId: number | null;
  reportTitle: string | null;
  reportStatus: ReportStatus | null;
  receipt: ReceiptDto | null;
  editable: boolean;
  policyViolations: string[];
  createdAt: string;
  updatedAt: string;
}

export interface ReceiptDto {
  id: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  url: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
}

export interface ExpenseListDto extends Page<ExpenseDto> {
  /** Sum of `convertedMinor` over every matching expense, not just this page. */
  totalConvertedMinor: number;
  currency: string;
}

export interface ReportSummaryDto {
  id: number;
  workspaceId: number;
  title: string;
  status: ReportStatus;
  owner: UserDto;
  expenseCount: number;
  totalMinor: number;
  currency: string;
  submittedAt: string | null;
  decidedAt: string | null;
  reimbursedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CommentDto {
  id: number;
  reportId: number;
  author: UserDto;
  body: string;
  createdAt: string;
}

export interface ReportHistoryEntryDto {
  id: number;
  action: string;
  actor: UserDto | null;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface ReimbursementDto {
  amountMinor: number;
  currency: string;
  reference: string;
  bankName: string;
  accountLast4: string;
  paidBy: UserDto;
  createdAt: string;
}

export interface ReportDetailDto extends ReportSummaryDto {
  expenses: ExpenseDto[];
  comments: CommentDto[];
  history: ReportHistoryEntryDto[];
  decidedBy: UserDto | null;
  rejectionReason: string | null;
  reimbursement: ReimbursementDto | null;
  /** Actions the signed-in user may take now, so the UI shows only working buttons. */
  allowedActions: Array<'submit' | 'approve' | 'reject' | 'reopen' | 'reimburse' | 'edit'>;
}

export interface BankAccountDto {
  id: number;
  holderName: string;
  bankName: string;
  routingNumber: string;
  accountLast4: string;
  isDefault: boolean;
  createdAt: string;
}

export interface AuditEntryDto {
  id: number;
  action: string;
  entityType: string;
  entityId: number | null;
  actor: UserDto | null;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface CurrencyDto {
  code: string;
  name: string;
  symbol: string;
  decimals: number;
}

export interface ApiErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}
