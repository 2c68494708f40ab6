import type { Page } from 'playwright-core';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
}

/** Bob adds a second account and removes his default one. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await signIn(page, 'bob@expensely.test');
  await page.goto('/settings/wallet');
  await page.getByRole('heading', { name: 'Wallet', level: 1 }).waitFor();
  await page.getByLabel('Account holder').fill('Bob Martinez');
  await page.getByLabel('Bank name').fill('Ally Bank');
  await page.getByLabel('Routing number').fill('121000358');
  await page.getByLabel('Account number').fill('4455667788');
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByRole('listitem').filter({ hasText: 'Ally Bank' }).waitFor();
  await snapshot('two accounts');
  await page.getByRole('button', { name: 'Remove Wells Fargo' }).click();
  await page.getByRole('status').getByText('Wells Fargo account removed').waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Wallet', level: 1 }).waitFor();
  await snapshot('after removing the default account');
}
