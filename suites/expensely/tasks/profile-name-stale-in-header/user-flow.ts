import type { Page } from 'playwright-core';

/** Dave renames himself in Profile and looks at the top bar. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('dave@expensely.test');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
  await page.goto('/settings/profile');
  await page.getByLabel('Full name').fill('Dave Okonkwo-Johnson');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.getByRole('status').getByText('Profile saved').waitFor();
  await snapshot('right after saving the new name');
  await page.getByRole('link', { name: 'Expensely home' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
  await snapshot('expenses page after the rename');
}
