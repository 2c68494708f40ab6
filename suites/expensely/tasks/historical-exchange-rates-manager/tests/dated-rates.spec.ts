import {
  type APIRequestContext,
  expect as baseExpect,
  type Browser,
  type Page,
  test,
} from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 180_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

// Rates are shared by the whole server: each test loads its own currency (GBP and JPY in the
// first, CHF in the second), so neither depends on the other having run.

function unique(): string {
  return `${test.info().testId.slice(0, 4)}${Date.now() % 1_000_000}`;
}

async function apiAs(browser: Browser, email: string): Promise<APIRequestContext> {
  const context = await browser.newContext();
  const response = await context.request.post('/api/auth/sign-in', {
    data: { email, password: 'password123' },
  });
  expect(response.ok(), `${email} signs in`).toBe(true);
  return context.request;
}

async function call(api: APIRequestContext, path: string, data: unknown = {}): Promise<any> {
  const response = await api.post(path, { data });
  expect(response.ok(), `POST ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.json();
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
}

/** Alice, an admin of Acme (USD), loads a file from the bank on the workspace settings. */
async function loadRates(page: Page, csv: string): Promise<void> {
  await page.goto('/workspaces/1/settings');
  await expect(page.getByRole('heading', { name: 'Workspace settings', level: 1 })).toBeVisible();
  await page.getByLabel('Exchange rates CSV').setInputFiles({
    name: 'bank-rates.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.getByRole('button', { name: 'Import rates' }).click();
  await expect(page.getByRole('status').getByText(/Imported \d+ exchange rates?/)).toBeVisible();
}

/** Files an expense through the form and returns its id (from the page it lands on). */
async function fileExpense(
  page: Page,
  expense: { merchant: string; amount: string; currency: string; date: string },
): Promise<number> {
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill(expense.merchant);
  await page.getByLabel('Amount').fill(expense.amount);
  await page.getByLabel('Currency').selectOption(expense.currency);
  await page.getByLabel('Category').selectOption('Meals');
  await page.getByLabel('Date').fill(expense.date);
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: expense.merchant, level: 1 })).toBeVisible();
  return Number(/\/expenses\/(\d+)$/.exec(page.url())?.[1]);
}

async function expectConverted(page: Page, expenseId: number, usd: string): Promise<void> {
  await page.goto(`/workspaces/1/expenses/${expenseId}`);
  await expect(page.getByRole('main').getByText(usd, { exact: true })).toBeVisible();
}

async function expectReportTotal(page: Page, reportId: number, usd: string): Promise<void> {
  await page.goto(`/workspaces/1/reports/${reportId}`);
  await expect(page.getByTestId('report-total')).toHaveText(usd);
}

test('an admin loads dated rates and each new expense converts at the rate of its date', async ({
  browser,
  page,
}) => {
  const tag = unique();
  await signIn(page, 'alice@expensely.test');
  // Units per US dollar. A January and a March pound; a January yen.
  await loadRates(
    page,
    'currency,date,rate\nGBP,2025-01-01,0.800000\nGBP,2025-03-01,0.750000\nJPY,2025-01-01,150.000000\n',
  );

  const carol = await (await browser.newContext()).newPage();
  await signIn(carol, 'carol@expensely.test');
  const january = await fileExpense(carol, {
    merchant: `Dinner Jan ${tag}`,
    amount: '100.00',
    currency: 'GBP',
    date: '2025-01-20',
  });
  const march = await fileExpense(carol, {
    merchant: `Dinner Mar ${tag}`,
    amount: '100.00',
    currency: 'GBP',
    date: '2025-03-10',
  });
  const tokyo = await fileExpense(carol, {
    merchant: `Tokyo taxi ${tag}`,
    amount: '10000',
    currency: 'JPY',
    date: '2025-02-14',
  });
  await expectConverted(carol, january, '$125.00');
  await expectConverted(carol, march, '$133.33');
  await expectConverted(carol, tokyo, '$66.67');

  const api = await apiAs(browser, 'carol@expensely.test');
  const report = await call(api, '/api/workspaces/1/reports', {
    title: `Dated rates ${tag}`,
    expenseIds: [january, march, tokyo],
  });
  await expectReportTotal(carol, report.id, '$325.00');
});

test('rates loaded later never change filed expenses or reports; an edited expense takes them', async ({
  browser,
  page,
}) => {
  const tag = unique();
  await signIn(page, 'alice@expensely.test');
  await loadRates(page, 'currency,date,rate\nCHF,2025-02-01,0.900000\n');

  const carol = await apiAs(browser, 'carol@expensely.test');
  const bob = await apiAs(browser, 'bob@expensely.test');
  const expense = (merchant: string, amountMinor: number) =>
    call(carol, '/api/workspaces/1/expenses', {
      merchant: `${merchant} ${tag}`,
      amountMinor,
      currency: 'CHF',
      category: 'Meals',
      date: '2025-02-10',
      description: '',
      receiptId: null,
    });
  const unreported = await expense('Zurich lunch', 9000); // CHF 90.00 = $100.00
  const waiting = await expense('Zurich dinner', 4500); // CHF 45.00 = $50.00
  const approved = await expense('Geneva dinner', 6300); // CHF 63.00 = $70.00
  expect(unreported.convertedMinor, 'CHF 90.00 at 0.9 per dollar').toBe(10000);
  const waitingReport = await call(carol, '/api/workspaces/1/reports', {
    title: `Zurich ${tag}`,
    expenseIds: [waiting.id],
  });
  await call(carol, `/api/reports/${waitingReport.id}/submit`);
  const approvedReport = await call(carol, '/api/workspaces/1/reports', {
    title: `Geneva ${tag}`,
    expenseIds: [approved.id],
  });
  await call(carol, `/api/reports/${approvedReport.id}/submit`);
  await call(bob, `/api/reports/${approvedReport.id}/approve`);

  // The bank corrects February and adds a rate for the 5th.
  await loadRates(page, 'currency,date,rate\nCHF,2025-02-01,0.800000\nCHF,2025-02-05,0.750000\n');

  await expectReportTotal(page, approvedReport.id, '$70.00');
  await expectReportTotal(page, waitingReport.id, '$50.00');
  const carolsPage = await (await browser.newContext()).newPage();
  await signIn(carolsPage, 'carol@expensely.test');
  await expectConverted(carolsPage, unreported.id, '$100.00');

  // Carol corrects the amount: the expense converts again, at the rate now known for its date.
  await carolsPage.getByRole('button', { name: 'Edit' }).click();
  await carolsPage.getByLabel('Amount').fill('80.00');
  await carolsPage.getByRole('button', { name: 'Save changes' }).click();
  await expect(carolsPage.getByRole('main').getByText('$106.67', { exact: true })).toBeVisible();
});
