import type { Page } from 'playwright-core';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
}

/** Dave opens his own expense, then Carol's expense 1 by editing the address. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await signIn(page, 'dave@expensely.test');
  await page.getByRole('table', { name: 'Expenses' }).getByRole('link').first().click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await snapshot('own expense');
  await page.goto('/workspaces/1/expenses/1');
  await page.waitForLoadState('networkidle');
  await snapshot('expense 1 opened by address');
}
