import type { Page } from 'playwright-core';

/** Bob opens Carol's submitted report and tries to reject it without giving a reason. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('bob@expensely.test');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
  await page.goto('/workspaces/1/reports/3');
  await page.getByRole('button', { name: 'Reject', exact: true }).click();
  await snapshot('reject dialog');
  await page.getByRole('button', { name: 'Reject report' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('after rejecting without a reason');
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await snapshot('report after reload');
}
