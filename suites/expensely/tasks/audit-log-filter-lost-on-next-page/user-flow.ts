import type { Page } from 'playwright-core';

/** Alice filters the audit log by expense.created and moves to page 2. */
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
  await page.goto('/workspaces/1/audit');
  await page.getByLabel('Action').selectOption('expense.created');
  const nav = page.getByRole('navigation', { name: 'Audit log pages' });
  await nav.getByText(/Showing 1–25/).waitFor();
  await snapshot('first page filtered by expense.created');
  await nav.getByRole('button', { name: 'Next' }).click();
  await nav.getByText(/Showing 26–/).waitFor();
  await snapshot('after clicking Next');
}
