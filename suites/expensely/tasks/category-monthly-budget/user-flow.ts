import type { Page } from 'playwright-core';

/** Alice opens the workspace settings, then an expense of a busy month. */
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
  await page.goto('/workspaces/1/settings');
  await page.getByRole('heading', { name: 'Workspace settings' }).waitFor();
  await page.waitForLoadState('networkidle');
  await snapshot('workspace settings');
  await page.goto('/workspaces/1/expenses/17');
  await page.waitForLoadState('networkidle');
  await snapshot('an expense');
}
