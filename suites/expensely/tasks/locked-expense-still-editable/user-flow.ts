import type { Page } from 'playwright-core';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
}

/** Opens an expense's edit form, submits its report in a second tab, then saves the form. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await signIn(page, 'carol@expensely.test');
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill('Team lunch');
  await page.getByLabel('Amount').fill('20.00');
  await page.getByLabel('Category').selectOption('Meals');
  await page.getByLabel('Date').fill('2025-03-12');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await page.getByRole('heading', { name: 'Team lunch', level: 1 }).waitFor();
  const expenseUrl = page.url();
  await page.goto('/workspaces/1/reports/new');
  await page.getByLabel('Report title').fill('March meals');
  await page.getByRole('checkbox', { name: 'Select Team lunch' }).check();
  await page.getByRole('button', { name: 'Create report' }).click();
  await page.getByRole('button', { name: 'Submit for approval' }).waitFor();
  const reportUrl = page.url();

  await page.goto(expenseUrl);
  await page.getByRole('button', { name: 'Edit' }).click();
  const other = await page.context().newPage();
  await other.goto(reportUrl);
  await other.getByRole('button', { name: 'Submit for approval' }).click();
  await other.getByRole('heading', { name: /Awaiting approval/, level: 1 }).waitFor();
  await other.close();

  await page.getByLabel('Amount').fill('2000.00');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('after saving the stale form');
  await page.goto(reportUrl);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await snapshot('the submitted report');
}
