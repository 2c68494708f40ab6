import type { Page } from 'playwright-core';

/**
 * Searches for Hilton, then for Uber before the first answer arrives (the Hilton answer is
 * made slow, like on hotel wifi), and shows the list once both answers are in.
 */
export default async function userFlow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('carol@expensely.test');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();

  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const isSlow = (url: URL) =>
    /^\/api\/workspaces\/\d+\/expenses$/.test(url.pathname) &&
    url.searchParams.get('q') === 'Hilton';
  await page.route(isSlow, async (route) => {
    const response = await route.fetch();
    await released;
    await route.fulfill({ response });
  });
  const slowAnswer = page.waitForResponse((r) => isSlow(new URL(r.url())));

  const filters = page.getByRole('form', { name: 'Filter expenses' });
  await filters.getByLabel('Search').fill('Hilton');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await filters.getByLabel('Search').fill('Uber');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await page
    .getByRole('table', { name: 'Expenses' })
    .getByRole('row')
    .filter({ hasText: 'Uber' })
    .first()
    .waitFor();
  await snapshot('after searching Uber (Hilton answer still on its way)');
  release();
  await (await slowAnswer).finished();
  await page.waitForLoadState('networkidle');
  await snapshot('after the slow Hilton answer arrived');
}
