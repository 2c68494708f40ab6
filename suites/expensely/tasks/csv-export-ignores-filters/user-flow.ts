import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

/** Filters Carol's expenses to Meals and exports them, as in the report. */
export default async function userFlow({
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
  const filters = page.getByRole('form', { name: 'Filter expenses' });
  await filters.getByLabel('Category').selectOption('Meals');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.getByText(/match your filters/).waitFor();
  await snapshot('filtered to meals');
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const download = await downloading;
  const file = await download.path();
  // Show the downloaded file the way a user would open it in a text editor.
  const text = file ? await readFile(file, 'utf8') : '(no file downloaded)';
  await page.setContent('<pre></pre>');
  await page.locator('pre').evaluate((pre, csv) => {
    pre.textContent = csv;
  }, text);
  await snapshot('downloaded CSV');
}
