import type { Page } from 'playwright-core';

/** Dave opens the new expense form and looks at the categories on offer. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('dave@expensely.test');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'New expense' }).click();
  await page.getByLabel('Merchant').fill('Comedy Cellar');
  await page.getByLabel('Amount').fill('60.00');
  await page.waitForLoadState('networkidle');
  await snapshot('new expense form');
  await page
    .getByLabel('Category')
    .selectOption('Entertainment')
    .catch(() => undefined);
  await page.getByRole('button', { name: 'Save expense' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('after saving with Entertainment');
}
