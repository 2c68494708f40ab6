import type { Page } from 'playwright-core';

/** Dave submits an empty expense form and moves to the Merchant field. */
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
  await page.getByRole('button', { name: 'Save expense' }).click();
  await page.getByLabel('Merchant').focus();
  await snapshot('errors after saving an empty form, Merchant focused');
}
