/**
 * An example of a hidden test for an Expensely task: it acts as a user through the browser,
 * finds things by role, label and visible text, and waits for what the server sends back.
 * Copy it into a task's tests/ folder and change the steps to the issue's.
 *
 * Every run starts from the same seeded data (README.md lists it). Tests in one run share the
 * server, so create records with names unique to the test rather than relying on counts that
 * another test may change.
 */
import { expect, type Page, test } from '@playwright/test';

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

test('a member files an expense, submits it and an approver approves it', async ({ page }) => {
  const merchant = `Smoke Test Diner ${test.info().workerIndex}-${Date.now() % 100000}`;

  await signIn(page, 'carol@expensely.test');
  await page.getByRole('link', { name: 'New expense' }).click();
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Amount').fill('42.50');
  await page.getByLabel('Currency').selectOption('USD');
  await page.getByLabel('Category').selectOption('Meals');
  await page.getByLabel('Date').fill('2025-03-14');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: merchant })).toBeVisible();
  await expect(page.getByText('$42.50')).toBeVisible();

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Reports' })
    .click();
  await page.getByRole('link', { name: 'New report' }).click();
  await page.getByLabel('Report title').fill(`${merchant} report`);
  await page.getByRole('checkbox', { name: `Select ${merchant}` }).check();
  await page.getByRole('button', { name: 'Create report' }).click();
  await expect(page.getByTestId('report-total')).toHaveText('$42.50');
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(page.getByRole('status').getByText('Report submitted for approval')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Awaiting approval');
  const reportUrl = page.url();
  await signOut(page);

  await signIn(page, 'bob@expensely.test');
  await page.goto(reportUrl);
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Approved');
  await expect(page.getByText('Approved by')).toBeVisible();
  await expect(page.getByText('Bob Martinez approved the report')).toBeVisible();
});

test('a member cannot see the audit log', async ({ page }) => {
  await signIn(page, 'dave@expensely.test');
  await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await page.goto('/workspaces/1/audit');
  await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
});
