import type { Page } from 'playwright-core';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
}

/** Bob files an expense, submits a report with it and looks at the report page. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await signIn(page, 'bob@expensely.test');
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill('Airport taxi');
  await page.getByLabel('Amount').fill('31.40');
  await page.getByLabel('Category').selectOption('Transport');
  await page.getByLabel('Date').fill('2025-03-13');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await page.getByRole('heading', { name: 'Airport taxi', level: 1 }).waitFor();
  await page.goto('/workspaces/1/reports/new');
  await page.getByLabel('Report title').fill('Bob travel');
  await page.getByRole('checkbox', { name: 'Select Airport taxi' }).check();
  await page.getByRole('button', { name: 'Create report' }).click();
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await page.getByRole('heading', { name: /Awaiting approval/, level: 1 }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: /Awaiting approval/, level: 1 }).waitFor();
  await snapshot('own submitted report');
}
