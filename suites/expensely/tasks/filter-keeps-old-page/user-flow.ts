import type { Page } from 'playwright-core';

/** Carol goes to page 2 of her expenses and searches for one. */
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
  await page.getByTestId('expenses-total').waitFor();
  await page.waitForLoadState('networkidle');
  await page
    .getByRole('navigation', { name: 'Expense pages' })
    .getByRole('button', { name: 'Page 2' })
    .click();
  await page.waitForLoadState('networkidle');
  await snapshot('page 2');
  const filters = page.getByRole('form', { name: 'Filter expenses' });
  await filters.getByLabel('Search').fill('zoom');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('after searching for zoom');
}
