import type { Page } from 'playwright-core';

/**
 * Walks the four screens named in the ticket as Carol (seeded member of Acme Inc.): the Expenses
 * summary, a CSV export, New report, and "Add expenses" on her draft report.
 */
export default async function userFlow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('carol@expensely.test');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
  await page.getByTestId('expenses-total').waitFor();
  await page.waitForLoadState('networkidle');
  await snapshot('expenses summary');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const file = await download;
  await file.failure();
  await snapshot('after Export CSV');

  await page.getByRole('link', { name: 'Reports' }).first().click();
  await page.getByRole('link', { name: 'New report' }).click();
  await page.getByRole('heading', { name: 'Unreported expenses' }).waitFor();
  await page.waitForLoadState('networkidle');
  await snapshot('new report: unreported expenses');

  await page.getByRole('link', { name: 'Cancel' }).click();
  await page.getByRole('link', { name: 'London office visit' }).click();
  await page.getByRole('button', { name: 'Add expenses' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('draft report: add expenses panel');
}
