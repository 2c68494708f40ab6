import type { Page } from 'playwright-core';

/** Signs in from a link whose next parameter points to another site. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent('https://evil.example/expensely/sign-in')}`);
  await page.getByLabel('Email').fill('carol@expensely.test');
  await page.getByLabel('Password').fill('password123');
  await snapshot('sign-in page from the emailed link');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
  await snapshot('right after signing in');
}
