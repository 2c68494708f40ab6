import type { Page } from 'playwright-core';

/** Carol records her March Zoom subscription a second time. */
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
  await page.getByLabel('Merchant').fill('Zoom');
  await page.getByLabel('Amount').fill('15.99');
  await page.getByLabel('Currency').selectOption('USD');
  await page.getByLabel('Category').selectOption('Software');
  await page.getByLabel('Date').fill('2025-03-14');
  await snapshot('form filled like an existing expense');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('after pressing Save expense');
}
