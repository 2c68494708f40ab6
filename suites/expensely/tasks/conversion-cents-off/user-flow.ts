import type { Page } from 'playwright-core';

/** Files a £10.00 expense in Acme (USD), then edits a yen expense to ¥700,000. */
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

  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill('Heathrow Express');
  await page.getByLabel('Currency').selectOption('GBP');
  await page.getByLabel('Amount').fill('10.00');
  await page.getByLabel('Category').selectOption('Travel');
  await page.getByLabel('Date').fill('2025-03-10');
  await snapshot('form with the converted preview');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await page.getByRole('heading', { name: 'Heathrow Express', level: 1 }).waitFor();
  await snapshot('saved pound expense');

  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill('Shinkansen pass');
  await page.getByLabel('Currency').selectOption('JPY');
  await page.getByLabel('Amount').fill('1000');
  await page.getByLabel('Category').selectOption('Travel');
  await page.getByLabel('Date').fill('2025-03-10');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await page.getByRole('heading', { name: 'Shinkansen pass', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Amount').fill('700000');
  await snapshot('editing the yen expense');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('heading', { name: 'Shinkansen pass', level: 1 }).waitFor();
  await snapshot('saved yen expense');
}
