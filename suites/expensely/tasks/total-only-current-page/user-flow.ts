import type { Page } from 'playwright-core';

/** Bob lists everyone's expenses and pages through them, watching the total. */
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
  const filters = page.getByRole('form', { name: 'Filter expenses' });
  await filters.getByLabel('Show').selectOption('all');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('everyone, page 1');
  const pages = page.getByRole('navigation', { name: 'Expense pages' });
  await pages.getByRole('button', { name: 'Page 2' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('everyone, page 2');
  await pages.getByRole('button', { name: 'Page 3' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('everyone, page 3');
}
