import type { Page } from 'playwright-core';

/** Carol loses her connection, files an expense, then comes back online. */
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

  await page.context().setOffline(true);
  await snapshot('offline');
  await page.getByRole('link', { name: 'New expense' }).click();
  await page.getByRole('heading', { name: 'New expense', level: 1 }).waitFor();
  await snapshot('new expense form while offline');
  await page.getByLabel('Merchant').fill('Basement Deli');
  await page.getByLabel('Amount').fill('9.80');
  await page.getByLabel('Date').fill('2025-03-10');
  await page
    .getByLabel('Category')
    .selectOption('Meals', { timeout: 5_000 })
    .catch(() => undefined);
  await page.getByRole('button', { name: 'Save expense' }).click();
  await page.waitForTimeout(500);
  await snapshot('after saving while offline');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Expenses' })
    .click();
  await page.waitForTimeout(500);
  await snapshot('expenses while offline');

  await page.context().setOffline(false);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1000);
  await snapshot('back online');
}
