import { readFile } from 'node:fs/promises';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';

// Each test records more expenses than one page of the listing holds: leave room for a busy
// machine.
test.describe.configure({ timeout: 90_000 });

/** More than the largest page (100) the paginated listing serves. */
const COUNT = 104;
const PASSWORD = 'legacy-pass-1';

/** Merchant of the i-th recorded expense (1-based), zero-padded so names never overlap. */
const merchant = (i: number) => `Legacy ${String(i).padStart(3, '0')}`;

interface Seeded {
  email: string;
  workspaceId: number;
}

/**
 * Signs a fresh user up through the public API (their own USD workspace) and records `count`
 * unreported expenses there: $10.01 + i cents each, two per day from 2025-01-01, Meals for odd
 * i and Travel for even i. Totals: all $1,094.60; Meals only (52 expenses) $547.04.
 */
async function seed(request: APIRequestContext, label: string, count = COUNT): Promise<Seeded> {
  const info = test.info();
  const email = `legacy-${label}-${info.testId}-${info.retry}-${info.repeatEachIndex}@expensely.test`;
  const signUp = await request.post('/api/auth/sign-up', {
    data: {
      name: 'Lee Gacy',
      email,
      password: PASSWORD,
      workspaceName: `Legacy ${label}`,
      currency: 'USD',
    },
  });
  expect(signUp.status(), await signUp.text()).toBe(201);
  const session = (await signUp.json()) as { workspaces: { id: number }[] };
  const workspaceId = session.workspaces[0]?.id;
  if (workspaceId === undefined) throw new Error('sign-up created no workspace');

  const day = (i: number) => {
    const date = new Date(Date.UTC(2025, 0, 1 + Math.floor((i - 1) / 2)));
    return date.toISOString().slice(0, 10);
  };
  const create = async (i: number) => {
    const response = await request.post(`/api/workspaces/${workspaceId}/expenses`, {
      data: {
        merchant: merchant(i),
        amountMinor: 1000 + i,
        currency: 'USD',
        category: i % 2 === 1 ? 'Meals' : 'Travel',
        date: day(i),
        description: '',
        receiptId: null,
      },
    });
    expect(response.status(), await response.text()).toBe(201);
  };
  // In order, a few at a time: ids then follow i, which fixes the order of same-day expenses.
  for (let start = 1; start <= count; start += 8) {
    const batch: Promise<void>[] = [];
    for (let i = start; i < start + 8 && i <= count; i++) batch.push(create(i));
    await Promise.all(batch);
  }
  return { email, workspaceId };
}

/** Records every request the page sends to the retired listing, whatever its query. */
function watchRetiredListing(page: Page): string[] {
  const hits: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.replace(/\/+$/, '') === '/api/expenses') {
      hits.push(`${request.method()} ${request.url()}`);
    }
  });
  return hits;
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
}

async function filterByCategory(page: Page, category: string): Promise<void> {
  const filters = page.getByRole('form', { name: 'Filter expenses' });
  await filters.getByLabel('Category').selectOption(category);
  await filters.getByRole('button', { name: 'Apply filters' }).click();
}

async function downloadCsv(page: Page): Promise<string[]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  expect(await download.failure(), 'the CSV download failed').toBeNull();
  const text = await readFile(await download.path(), 'utf8');
  return text.split(/\r?\n/).filter((line) => line.trim() !== '');
}

test('the Expenses summary counts and totals every matching expense, on any page', async ({
  page,
  request,
}) => {
  const { email } = await seed(request, 'summary');
  const retired = watchRetiredListing(page);
  await signIn(page, email);

  await expect(page.getByText(`${COUNT} expenses`, { exact: true })).toBeVisible();
  await expect(page.getByTestId('expenses-total')).toHaveText('$1,094.60');

  await page
    .getByRole('navigation', { name: 'Expense pages' })
    .getByRole('button', { name: 'Page 2' })
    .click();
  await expect(page.getByRole('checkbox', { name: `Select ${merchant(84)}` })).toBeVisible();
  await expect(page.getByTestId('expenses-total')).toHaveText('$1,094.60');

  await filterByCategory(page, 'Meals');
  await expect(page.getByText('52 expenses match your filters')).toBeVisible();
  await expect(page.getByTestId('expenses-total')).toHaveText('$547.04');
  await expect(page.getByRole('alert')).toHaveCount(0);

  await page.reload();
  await expect(page.getByText('52 expenses match your filters')).toBeVisible();
  await expect(page.getByTestId('expenses-total')).toHaveText('$547.04');
  expect(retired, 'requests to the retired GET /api/expenses').toEqual([]);
});

test('Export CSV downloads every matching expense', async ({ page, request }) => {
  const { email } = await seed(request, 'export');
  const retired = watchRetiredListing(page);
  await signIn(page, email);

  const all = await downloadCsv(page);
  expect(all[0]).toContain('Merchant');
  expect(all).toHaveLength(COUNT + 1);
  expect(all.some((line) => line.includes(merchant(1)))).toBe(true);
  expect(all.some((line) => line.includes(merchant(COUNT)))).toBe(true);

  await filterByCategory(page, 'Meals');
  await expect(page.getByText('52 expenses match your filters')).toBeVisible();
  const meals = await downloadCsv(page);
  expect(meals).toHaveLength(52 + 1);
  expect(meals.some((line) => line.includes(merchant(2)))).toBe(false);
  expect(meals.some((line) => line.includes(merchant(103)))).toBe(true);
  expect(retired, 'requests to the retired GET /api/expenses').toEqual([]);
});

test('New report offers every unreported expense, beyond one page', async ({ page, request }) => {
  const { email } = await seed(request, 'new-report');
  const retired = watchRetiredListing(page);
  await signIn(page, email);

  await page.getByRole('link', { name: 'Reports' }).first().click();
  await page.getByRole('link', { name: 'New report' }).click();
  const newReportUrl = page.url();
  const table = page.getByRole('table', { name: 'Unreported expenses' });
  await expect(table.getByRole('checkbox', { name: /^Select Legacy / })).toHaveCount(COUNT);

  await page.getByLabel('Report title').fill('Whole quarter');
  await table.getByRole('checkbox', { name: `Select ${merchant(1)}` }).check();
  await table.getByRole('checkbox', { name: `Select ${merchant(COUNT)}` }).check();
  await expect(page.getByText('2 selected')).toBeVisible();
  await expect(page.getByText('Report total: $21.05')).toBeVisible();
  await page.getByRole('button', { name: 'Create report' }).click();
  await expect(page.getByRole('heading', { name: 'Whole quarter' })).toBeVisible();
  await expect(page.getByTestId('report-total')).toHaveText('$21.05');

  await page.goto(newReportUrl);
  await expect(table.getByRole('checkbox', { name: /^Select Legacy / })).toHaveCount(COUNT - 2);
  await expect(table.getByRole('checkbox', { name: `Select ${merchant(1)}` })).toHaveCount(0);
  expect(retired, 'requests to the retired GET /api/expenses').toEqual([]);
});

test('Add expenses on a draft report offers every unreported expense', async ({
  page,
  request,
}) => {
  const { email, workspaceId } = await seed(request, 'add-panel');
  const draft = await request.post(`/api/workspaces/${workspaceId}/reports`, {
    data: { title: 'Quarterly batch', expenseIds: [] },
  });
  expect(draft.status(), await draft.text()).toBe(201);
  const retired = watchRetiredListing(page);
  await signIn(page, email);

  await page.getByRole('link', { name: 'Reports' }).first().click();
  await page.getByRole('link', { name: 'Quarterly batch' }).click();
  await expect(page.getByRole('heading', { name: 'Quarterly batch' })).toBeVisible();
  await page.getByRole('button', { name: 'Add expenses' }).click();
  const panel = page.getByRole('group', { name: 'Add unreported expenses' });
  await expect(panel.getByRole('checkbox', { name: /Legacy \d{3}/ })).toHaveCount(COUNT);

  // The oldest expense comes last in the panel: past the first hundred.
  await panel.getByRole('checkbox', { name: new RegExp(`${merchant(1)}\\b`) }).check();
  await panel.getByRole('checkbox', { name: new RegExp(`${merchant(COUNT)}\\b`) }).check();
  await panel.getByRole('button', { name: 'Add selected' }).click();
  await expect(page.getByRole('status').getByText('2 expenses added')).toBeVisible();
  await expect(page.getByTestId('report-total')).toHaveText('$21.05');

  await page.getByRole('button', { name: 'Add expenses' }).click();
  await expect(panel.getByRole('checkbox', { name: /Legacy \d{3}/ })).toHaveCount(COUNT - 2);
  await expect(panel.getByRole('checkbox', { name: new RegExp(`${merchant(1)}\\b`) })).toHaveCount(
    0,
  );
  expect(retired, 'requests to the retired GET /api/expenses').toEqual([]);
});

test('the retired listing keeps answering 410 Gone', async ({ request }) => {
  const { workspaceId } = await seed(request, 'gone', 3);
  for (const query of [`workspace=${workspaceId}`, `workspace=${workspaceId}&format=csv`]) {
    const response = await request.get(`/api/expenses?${query}`);
    expect(response.status(), `GET /api/expenses?${query}`).toBe(410);
  }
});
