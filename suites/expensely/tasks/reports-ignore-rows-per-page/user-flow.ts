import type { Page } from 'playwright-core';

/** Alice sets 10 rows per page and opens the reports list. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('alice@expensely.test');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Preferences' }).click();
  await page.getByLabel('Rows per page').selectOption('10');
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await page.getByRole('status').getByText('Preferences saved').waitFor();
  await snapshot('preferences saved');
  await page.goto('/workspaces/1/reports');
  await page.getByRole('tab', { name: 'All reports' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('all reports');
}
