import type { Page } from 'playwright-core';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
}

/** Erin, the only admin of Globex, changes her own role to Member. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await signIn(page, 'erin@expensely.test');
  await page.goto('/workspaces/2/members');
  await page.getByLabel('Role for Erin Müller').waitFor();
  await snapshot('members');
  await page.getByLabel('Role for Erin Müller').selectOption('member');
  await page.waitForLoadState('networkidle');
  await snapshot('after changing own role');
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await snapshot('after reload');
}
