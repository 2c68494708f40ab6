/**
 * An example user flow for the user tool: the same path as a hidden test, with snapshots and
 * no checks. The agent sees the screenshots, page text and errors, never a verdict.
 */
import type { Page } from 'playwright-core';

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
  await snapshot('expenses');
  await page.getByRole('link', { name: 'New expense' }).click();
  await page.getByLabel('Merchant').fill('Corner Bakery');
  await page.getByLabel('Amount').fill('12.40');
  await page.getByLabel('Category').selectOption('Meals');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await page.getByRole('heading', { name: 'Corner Bakery' }).waitFor();
  await snapshot('saved expense');
}
