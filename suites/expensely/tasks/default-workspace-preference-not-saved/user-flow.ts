import type { Page } from 'playwright-core';

async function signIn(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('alice@expensely.test');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
}

/** Alice picks Globex Europe as the workspace to open, signs out and in again. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await signIn(page);
  await page.goto('/settings/preferences');
  await page.getByLabel('Open this workspace after sign-in').selectOption({ label: 'Globex Europe' });
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await page.getByRole('status').getByText('Preferences saved').waitFor();
  await snapshot('preferences saved');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Expensely' }).waitFor();
  await signIn(page);
  await snapshot('right after signing in again');
  await page.goto('/settings/preferences');
  await page.getByRole('heading', { name: 'Preferences', level: 1 }).waitFor();
  await snapshot('preferences page after signing in again');
}
