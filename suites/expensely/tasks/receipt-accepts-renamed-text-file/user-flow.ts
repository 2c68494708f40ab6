import type { Page } from 'playwright-core';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
}

/** Attaches a text file renamed to .png on the new expense form. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await signIn(page, 'carol@expensely.test');
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Receipt').setInputFiles({
    name: 'lunch-receipt.png',
    mimeType: 'image/png',
    buffer: Buffer.from('Lunch at Joe’s: $82.40\n'),
  });
  await page.waitForLoadState('networkidle');
  await snapshot('after choosing the renamed text file');
}
