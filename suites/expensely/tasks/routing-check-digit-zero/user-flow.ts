import type { Page } from 'playwright-core';

/** Alice adds a bank account whose routing number ends in 0. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('alice@expensely.test');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
  await page.goto('/settings/wallet');
  await page.getByRole('heading', { name: 'Wallet' }).waitFor();
  const form = page.getByRole('form', { name: 'Add bank account' });
  await form.getByLabel('Account holder').fill('Alice Nguyen');
  await form.getByLabel('Bank name').fill('Peachtree Credit Union');
  await form.getByLabel('Routing number').fill('061000010');
  await form.getByLabel('Account number').fill('4400123456');
  await form.getByRole('button', { name: 'Add account' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('after adding the account');
}
