import type { Page } from 'playwright-core';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
}

/** Carol submits, Bob rejects, Carol reopens and resubmits, then looks at the report. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await signIn(page, 'carol@expensely.test');
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill('Client visit cab');
  await page.getByLabel('Amount').fill('27.00');
  await page.getByLabel('Category').selectOption('Transport');
  await page.getByLabel('Date').fill('2025-03-11');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await page.getByRole('heading', { name: 'Client visit cab', level: 1 }).waitFor();
  await page.goto('/workspaces/1/reports/new');
  await page.getByLabel('Report title').fill('Client visit');
  await page.getByRole('checkbox', { name: 'Select Client visit cab' }).check();
  await page.getByRole('button', { name: 'Create report' }).click();
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await page.getByRole('heading', { name: /Awaiting approval/, level: 1 }).waitFor();
  const url = page.url();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'bob@expensely.test');
  await page.goto(url);
  await page.getByRole('button', { name: 'Reject' }).click();
  await page.getByLabel('Reason for rejection').fill('Add the client name to the description');
  await page.getByRole('button', { name: 'Reject report' }).click();
  await page.getByRole('heading', { name: /Rejected/, level: 1 }).waitFor();
  await snapshot('rejected by Bob');
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'carol@expensely.test');
  await page.goto(url);
  await page.getByRole('button', { name: 'Reopen as draft' }).click();
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await page.getByRole('heading', { name: /Awaiting approval/, level: 1 }).waitFor();
  await snapshot('resubmitted report');
}
