import type { Page } from 'playwright-core';

/** Carol filters her expenses, opens the one left and goes back to the list. */
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
  const filters = page.getByRole('form', { name: 'Filter expenses' });
  await filters.getByLabel('Search').fill('osaka');
  await filters.getByLabel('Category').selectOption('Lodging');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await page.getByRole('link', { name: 'Hotel Granvia Osaka' }).waitFor();
  await snapshot('filtered list');
  await page.getByRole('link', { name: 'Hotel Granvia Osaka' }).click();
  await page.getByRole('heading', { name: 'Hotel Granvia Osaka' }).waitFor();
  await snapshot('expense opened');
  await page.goBack();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  await snapshot('after going back');
}
