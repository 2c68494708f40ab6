import type { Page } from 'playwright-core';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
}

/** Carol's wallet, then Alice reimburses the seeded approved report of Carol's, if any. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await signIn(page, 'carol@expensely.test');
  await page.goto('/settings/wallet');
  await page.getByRole('heading', { name: 'Wallet', level: 1 }).waitFor();
  await snapshot('Carol wallet');
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill('Client visit train');
  await page.getByLabel('Amount').fill('43.21');
  await page.getByLabel('Category').selectOption('Travel');
  await page.getByLabel('Date').fill('2025-03-09');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await page.getByRole('heading', { name: 'Client visit train', level: 1 }).waitFor();
  await page.goto('/workspaces/1/reports/new');
  await page.getByLabel('Report title').fill('Client visit');
  await page.getByRole('checkbox', { name: 'Select Client visit train' }).check();
  await page.getByRole('button', { name: 'Create report' }).click();
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await page.getByRole('heading', { name: /Awaiting approval/, level: 1 }).waitFor();
  const url = page.url();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'bob@expensely.test');
  await page.goto(url);
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('heading', { name: /Approved/, level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'alice@expensely.test');
  await page.goto(url);
  await page.getByRole('button', { name: 'Reimburse' }).click();
  await page.getByRole('button', { name: 'Pay $43.21' }).click();
  await page.getByRole('heading', { name: /Reimbursed/, level: 1 }).waitFor();
  await snapshot('reimbursed report');
}
