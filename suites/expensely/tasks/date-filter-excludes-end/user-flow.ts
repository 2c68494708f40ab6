import type { Page } from 'playwright-core';

/** Carol filters her expenses to one week of March. */
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
  await filters.getByLabel('From').fill('2025-03-10');
  await filters.getByLabel('To').fill('2025-03-14');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('filtered March 10 to March 14');
  await filters.getByLabel('From').fill('2025-03-05');
  await filters.getByLabel('To').fill('2025-03-05');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('filtered March 5 only');
}
