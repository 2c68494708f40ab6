import type { Page } from 'playwright-core';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
}

/** Creates the two expenses from the issue and searches for "50% deposit". */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await signIn(page, 'carol@expensely.test');
  for (const [merchant, description] of [
    ['Catering Co', '50% deposit'],
    ['Event Venue', '150 guests, deposit'],
  ]) {
    await page.goto('/workspaces/1/expenses/new');
    await page.getByLabel('Merchant').fill(merchant);
    await page.getByLabel('Amount').fill('40.00');
    await page.getByLabel('Category').selectOption('Meals');
    await page.getByLabel('Date').fill('2025-03-12');
    await page.getByLabel('Description').fill(description);
    await page.getByRole('button', { name: 'Save expense' }).click();
    await page.getByRole('heading', { name: merchant, level: 1 }).waitFor();
  }
  await page.goto('/workspaces/1/expenses');
  await page.getByRole('table', { name: 'Expenses' }).waitFor();
  await page.getByLabel('Search').fill('50% deposit');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/q=/);
  await page.waitForLoadState('networkidle');
  await snapshot('search results for 50% deposit');
}
