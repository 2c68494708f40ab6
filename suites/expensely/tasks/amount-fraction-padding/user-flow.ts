import type { Page } from 'playwright-core';

/** Carol records an expense typing the amount the short way, then edits it. */
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
  await page.getByRole('link', { name: 'New expense' }).click();
  await page.getByLabel('Merchant').fill('Blue Bottle');
  await page.getByLabel('Currency').selectOption('EUR');
  await page.getByLabel('Amount').fill('10.5');
  await page.getByLabel('Category').selectOption('Meals');
  await snapshot('new expense form with 10.5 EUR');
  await page.getByLabel('Currency').selectOption('USD');
  await page.getByLabel('Amount').fill('12.5');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await page.getByRole('heading', { name: 'Blue Bottle' }).waitFor();
  await snapshot('saved expense for 12.5');
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Amount').fill('7.5');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').getByText('Expense updated').waitFor();
  await snapshot('after editing to 7.5');
}
