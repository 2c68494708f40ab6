import type { Page } from 'playwright-core';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
}

/**
 * Alice opens the workspace settings; Carol submits a $120 report; Bob approves it; Alice
 * looks at it.
 */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await signIn(page, 'alice@expensely.test');
  await page.goto('/workspaces/1/settings');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await snapshot('workspace settings');
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'carol@expensely.test');
  for (const merchant of ['Team dinner part 1', 'Team dinner part 2']) {
    await page.goto('/workspaces/1/expenses/new');
    await page.getByLabel('Merchant').fill(merchant);
    await page.getByLabel('Amount').fill('60.00');
    await page.getByLabel('Category').selectOption('Meals');
    await page.getByLabel('Date').fill('2025-03-10');
    await page.getByRole('button', { name: 'Save expense' }).click();
    await page.getByRole('heading', { name: merchant, level: 1 }).waitFor();
  }
  await page.goto('/workspaces/1/reports/new');
  await page.getByLabel('Report title').fill('Team dinner');
  await page.getByRole('checkbox', { name: 'Select Team dinner part 1' }).check();
  await page.getByRole('checkbox', { name: 'Select Team dinner part 2' }).check();
  await page.getByRole('button', { name: 'Create report' }).click();
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await page.getByRole('heading', { name: /Awaiting/, level: 1 }).waitFor();
  const url = page.url();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'bob@expensely.test');
  await page.goto(url);
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.waitForLoadState('networkidle');
  await snapshot('after Bob approves');
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'alice@expensely.test');
  await page.goto(url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await snapshot('Alice opens the report');
}
