import type { Page } from 'playwright-core';

/** Carol looks at her yen expenses in the list and opens one. */
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
  await snapshot('expense list');
  await page.getByRole('link', { name: 'Shinkansen Ticket Office' }).click();
  await page.getByRole('heading', { name: 'Shinkansen Ticket Office' }).waitFor();
  await snapshot('yen expense');
}
