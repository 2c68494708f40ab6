import type { Page } from 'playwright-core';

/** Bob opens his "To approve" tab. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('bob@expensely.test');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
  await page.goto('/workspaces/1/reports?scope=to_approve');
  await page.getByRole('link', { name: 'February office supplies' }).waitFor();
  await snapshot('Bob: To approve');
}
