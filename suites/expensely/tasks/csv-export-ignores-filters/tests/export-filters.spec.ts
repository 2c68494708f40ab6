import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';

const PASSWORD = 'password123';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  await listReady(page);
}

/**
 * The filter form re-reads its values whenever the page re-renders, so typing into it before
 * the list and the categories have loaded can be undone: wait for both first, as a person
 * waits for the page to load.
 */
async function listReady(page: Page): Promise<void> {
  await expect(page.getByTestId('expenses-total')).toBeVisible();
  await expect(
    page
      .getByRole('form', { name: 'Filter expenses' })
      .getByLabel('Category')
      .locator('option', { hasText: 'Meals' }),
  ).toHaveCount(1);
}

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Clicks "Export CSV" like a user and returns the downloaded rows as header → value records. */
async function exportCsv(page: Page): Promise<Record<string, string>[]> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const download = await downloading;
  const file = await download.path();
  const [header, ...rows] = parseCsv((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
  return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

/** Waits for the list to answer for the applied filters and returns the count it shows. */
async function matchingCount(page: Page): Promise<number> {
  const summary = page.getByText(/^\d+ expenses? match your filters$/);
  await expect(summary).toBeVisible();
  return Number((await summary.innerText()).split(' ')[0]);
}

async function applyFilters(page: Page, change: () => Promise<unknown>): Promise<void> {
  const answered = page.waitForResponse(
    (r) => /\/api\/workspaces\/\d+\/expenses\?/.test(r.url()) && r.ok(),
  );
  await change();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await answered;
}

test('the export holds only the expenses matching the filters just applied', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  const filters = page.getByRole('form', { name: 'Filter expenses' });

  await applyFilters(page, () => filters.getByLabel('Category').selectOption('Meals'));
  const meals = await matchingCount(page);
  const mealRows = await exportCsv(page);
  expect(mealRows.length).toBe(meals);
  expect(mealRows.map((r) => r.Merchant)).toContain('Blue Bottle Coffee');
  for (const row of mealRows) expect(row.Category).toBe('Meals');

  // A second, different filter on the same page: the export follows it too.
  await applyFilters(page, async () => {
    await filters.getByLabel('Category').selectOption('Transport');
    await filters.getByLabel('To').fill('2025-01-31');
  });
  const transport = await matchingCount(page);
  const transportRows = await exportCsv(page);
  expect(transportRows.map((r) => r.Merchant)).toEqual(['Uber']);
  expect(transportRows.length).toBe(transport);
  for (const row of transportRows) {
    expect(row.Category).toBe('Transport');
    expect(row.Date <= '2025-01-31').toBe(true);
  }
});

test('searching by text and amount narrows the export the same way', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  const filters = page.getByRole('form', { name: 'Filter expenses' });
  await applyFilters(page, async () => {
    await filters.getByLabel('Search').fill('Hilton');
  });
  const rows = await exportCsv(page);
  expect(rows.length).toBe(await matchingCount(page));
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(`${row.Merchant} ${row.Description}`).toContain('Hilton');

  await applyFilters(page, async () => {
    await filters.getByLabel('Search').fill('');
    await filters.getByLabel('Min amount (USD)').fill('300');
  });
  const expensive = await exportCsv(page);
  expect(expensive.length).toBe(await matchingCount(page));
  expect(expensive.map((r) => r.Merchant)).toContain('Delta Air Lines');
  for (const row of expensive) expect(Number(row['Converted amount'])).toBeGreaterThanOrEqual(300);
});

test("an approver exports everyone's expenses awaiting approval, then all again after clearing", async ({
  page,
}) => {
  await signIn(page, 'bob@expensely.test');
  const filters = page.getByRole('form', { name: 'Filter expenses' });
  const mine = await exportCsv(page);
  expect(mine.length).toBeGreaterThan(0);
  for (const row of mine) expect(row.Owner).toBe('bob@expensely.test');

  await applyFilters(page, async () => {
    await filters.getByLabel('Show').selectOption('all');
    await filters.getByLabel('Status').selectOption({ label: 'Awaiting approval' });
  });
  const awaiting = await exportCsv(page);
  expect(awaiting.length).toBe(await matchingCount(page));
  expect(awaiting.map((r) => r.Owner)).toContain('carol@expensely.test');
  for (const row of awaiting) expect(row.Status).toBe('Awaiting approval');

  const cleared = page.waitForResponse((r) => /\/api\/workspaces\/\d+\/expenses/.test(r.url()));
  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await cleared;
  await expect(page.getByText(/match your filters/)).toHaveCount(0);
  const everyone = await exportCsv(page);
  const owners = new Set(everyone.map((r) => r.Owner));
  expect(owners.has('carol@expensely.test')).toBe(true);
  expect(owners.has('dave@expensely.test')).toBe(true);
  expect(new Set(everyone.map((r) => r.Status)).size).toBeGreaterThan(1);
});
