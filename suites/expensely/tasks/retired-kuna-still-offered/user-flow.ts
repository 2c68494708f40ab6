import type { Page } from 'playwright-core';

/** Alice looks at the currencies offered for a new expense, then edits her old kuna expense. */
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
  await page.waitForLoadState('networkidle');
  await snapshot('expenses with the old kuna expense');
  await page.getByRole('link', { name: 'New expense' }).click();
  await page.getByLabel('Merchant').fill('Konoba Fetivi');
  await page.getByLabel('Amount').fill('320.00');
  await page
    .getByLabel('Currency')
    .selectOption('HRK')
    .catch(() => undefined);
  await page.waitForLoadState('networkidle');
  await snapshot('new expense form with HRK picked');
  await page.goto('/workspaces/1/expenses');
  await page.getByRole('link', { name: 'Hotel Esplanade Zagreb' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('old kuna expense');
  await page.getByRole('button', { name: 'Edit' }).click();
  await snapshot('editing the old kuna expense');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('after saving the old kuna expense');
}
