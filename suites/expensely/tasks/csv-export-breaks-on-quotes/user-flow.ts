import type { Page } from 'playwright-core';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
}

/** Creates the expense from the issue and downloads the expenses export. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await signIn(page, 'carol@expensely.test');
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill('Barnes & "Noble"');
  await page.getByLabel('Amount').fill('64.10');
  await page.getByLabel('Category').selectOption('Office Supplies');
  await page.getByLabel('Date').fill('2025-03-12');
  await page
    .getByLabel('Description')
    .fill('Books for the "Q1" offsite, signed\nsecond copy for the library');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await page.getByRole('heading', { name: 'Barnes & "Noble"', level: 1 }).waitFor();
  await snapshot('saved expense');
  await page.goto('/workspaces/1/expenses');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  await download.path();
  await snapshot('after exporting');
}
