import type { Page } from 'playwright-core';

/** A new admin adds one USD expense, switches the workspace to EUR, then looks at the total. */
export default async function userFlow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await page.goto('/sign-up');
  await page.getByLabel('Full name').fill('Flow Admin');
  await page.getByLabel('Email').fill(`flow-currency-${Date.now()}@expensely.test`);
  await page.getByLabel('Password').fill('currency-pass-1');
  await page.getByLabel('Workspace name (optional)').fill('Flow Currency');
  await page.getByLabel('Workspace currency').selectOption('USD');
  await page.getByRole('button', { name: /create/i }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
  const workspace = /\/workspaces\/\d+/.exec(page.url())?.[0] ?? '';

  await page.goto(`${workspace}/expenses/new`);
  await page.getByLabel('Merchant').fill('Flow Diner');
  await page.getByLabel('Amount').fill('100.00');
  await page.getByLabel('Currency').selectOption('USD');
  await page.getByLabel('Category').selectOption('Meals');
  await page.getByLabel('Date').fill('2025-03-03');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await page.getByRole('heading', { name: 'Flow Diner' }).waitFor();
  await page.goto(`${workspace}/expenses`);
  await page.getByTestId('expenses-total').waitFor();
  await snapshot('expenses in USD');

  await page.goto(`${workspace}/settings`);
  const form = page.getByRole('form', { name: 'Workspace settings' });
  await form.getByLabel('Workspace currency').selectOption('EUR');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('after saving EUR');
  await page.goto(`${workspace}/expenses`);
  await page.getByTestId('expenses-total').waitFor();
  await snapshot('expenses afterwards');
}
