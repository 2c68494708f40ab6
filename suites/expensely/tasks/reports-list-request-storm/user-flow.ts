import type { Page } from 'playwright-core';

/** Bob, an approver, opens everyone's reports in Acme Inc. and looks at the figures. */
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
  await page.getByRole('link', { name: 'Reports' }).first().click();
  await page.getByRole('tab', { name: 'All reports' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('all reports');
  await page.getByRole('tab', { name: 'My reports' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('my reports');
}
