/** The life of an expense report: draft → submitted → approved/rejected → reimbursed. */

export const REPORT_STATUSES = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'reimbursed',
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export type ReportAction = 'submit' | 'approve' | 'reject' | 'reopen' | 'reimburse';

const TRANSITIONS: Record<ReportAction, { from: readonly ReportStatus[]; to: ReportStatus }> = {
  submit: { from: ['draft'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
  reopen: { from: ['rejected', 'submitted'], to: 'draft' },
  reimburse: { from: ['approved'], to: 'reimbursed' },
};

export function isReportStatus(value: string): value is ReportStatus {
  return (REPORT_STATUSES as readonly string[]).includes(value);
}

export function canTransition(action: ReportAction, from: ReportStatus): boolean {
  return TRANSITIONS[action].from.includes(from);
}

export function nextStatus(action: ReportAction): ReportStatus {
  return TRANSITIONS[action].to;
}

/** Expenses in these reports are locked: they can be neither edited nor deleted. */
export function isLocked(status: ReportStatus): boolean {
  return status === 'submitted' || status === 'approved' || status === 'reimbursed';
}

export const STATUS_LABELS: Record<ReportStatus, string> = {
  draft: 'Draft',
  submitted: 'Awaiting approval',
  approved: 'Approved',
  rejected: 'Rejected',
  reimbursed: 'Reimbursed',
};
