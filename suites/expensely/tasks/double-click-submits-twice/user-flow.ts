import type { Page } from 'playwright-core';

/** Carol double-clicks "Submit for approval" on her draft London report. */
export default async function flow({
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
  await page.goto('/workspaces/1/reports/5');
  await page.getByRole('button', { name: 'Submit for approval' }).waitFor();
  await snapshot('draft report');
  await page.getByRole('button', { name: 'Submit for approval' }).dblclick();
  await page.waitForLoadState('networkidle');
  await snapshot('after double-clicking submit');
}
