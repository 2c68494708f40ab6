import type { Page } from 'playwright-core';

/** Erin (DD/MM/YYYY) opens a report and its expense dates. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('erin@expensely.test');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  await snapshot('expense list');
  await page.goto('/workspaces/2/reports/7');
  await page.getByRole('table', { name: 'Expenses on this report' }).waitFor();
  await snapshot('report page');
}
