import {
  type APIRequestContext,
  expect as baseExpect,
  type Browser,
  type Page,
  test,
} from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 120_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

function unique(): string {
  return `${test.info().testId.slice(0, 4)}${Date.now() % 1_000_000}`;
}

/** Carol, the submitter, working from her own browser through the API the app uses. */
async function signedInApi(browser: Browser, email: string): Promise<APIRequestContext> {
  const context = await browser.newContext();
  const response = await context.request.post('/api/auth/sign-in', {
    data: { email, password: 'password123' },
  });
  expect(response.ok(), `${email} signs in`).toBe(true);
  return context.request;
}

async function call(api: APIRequestContext, path: string, data?: unknown): Promise<any> {
  const response = await api.post(path, { data: data ?? {} });
  expect(response.ok(), `POST ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.json();
}

async function newExpense(api: APIRequestContext, merchant: string, cents: number) {
  const expense = await call(api, '/api/workspaces/1/expenses', {
    merchant,
    amountMinor: cents,
    currency: 'USD',
    category: 'Lodging',
    date: '2025-03-05',
    description: '',
    receiptId: null,
  });
  return expense.id as number;
}

/** A submitted report of Carol's worth $70.00. */
async function submittedReport(api: APIRequestContext, title: string): Promise<number> {
  const ids = [await newExpense(api, `${title} dinner`, 3000), await newExpense(api, `${title} taxi`, 4000)];
  const report = await call(api, '/api/workspaces/1/reports', { title, expenseIds: ids });
  await call(api, `/api/reports/${report.id}/submit`);
  return report.id as number;
}

/** Carol pulls the report back, adds a $60.00 hotel night and submits it again. */
async function changeAndResubmit(api: APIRequestContext, reportId: number, title: string) {
  await call(api, `/api/reports/${reportId}/reopen`);
  const hotel = await newExpense(api, `${title} hotel`, 6000);
  await call(api, `/api/reports/${reportId}/expenses`, { expenseIds: [hotel] });
  await call(api, `/api/reports/${reportId}/submit`);
}

async function reportStatus(api: APIRequestContext, reportId: number): Promise<string> {
  const response = await api.get(`/api/reports/${reportId}`);
  return (await response.json()).status;
}

async function openAsReviewer(page: Page, email: string, reportId: number, title: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  await page.goto(`/workspaces/1/reports/${reportId}`);
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(page.getByTestId('report-total')).toHaveText('$70.00');
}

test('approving a report that changed after it was opened is refused', async ({
  browser,
  page,
}) => {
  const carol = await signedInApi(browser, 'carol@expensely.test');
  const title = `Berlin offsite ${unique()}`;
  const reportId = await submittedReport(carol, title);
  await openAsReviewer(page, 'bob@expensely.test', reportId, title);

  await changeAndResubmit(carol, reportId, title);
  await page.getByRole('button', { name: 'Approve' }).click();

  await expect(page.getByRole('alert').first()).toBeVisible();
  await expect(page.getByRole('status').getByText('Report approved')).toHaveCount(0);
  expect(await reportStatus(carol, reportId), 'the report still awaits a decision').toBe(
    'submitted',
  );
  // Bob now sees what he would approve, and approving that version works.
  await expect(page.getByTestId('report-total')).toHaveText('$130.00');
  await expect(page.getByText(`${title} hotel`)).toBeVisible();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status').getByText('Report approved')).toBeVisible();
  expect(await reportStatus(carol, reportId)).toBe('approved');
});

test('a rejection sent while the report is being resubmitted is refused', async ({
  browser,
  page,
}) => {
  const carol = await signedInApi(browser, 'carol@expensely.test');
  const title = `Lisbon visit ${unique()}`;
  const reportId = await submittedReport(carol, title);
  await openAsReviewer(page, 'alice@expensely.test', reportId, title);

  // Alice's click leaves her browser on the version she read; on a slow network her request
  // reaches the server only after Carol has changed and resubmitted the report.
  let resubmitted: () => void = () => {};
  const afterResubmit = new Promise<void>((resolve) => {
    resubmitted = resolve;
  });
  let decisionSent: () => void = () => {};
  const decisionInFlight = new Promise<void>((resolve) => {
    decisionSent = resolve;
  });
  await page.route(`**/api/reports/${reportId}/reject`, async (route) => {
    decisionSent();
    await afterResubmit;
    await route.continue();
  });

  await page.getByRole('button', { name: 'Reject' }).click();
  await page.getByLabel('Reason for rejection').fill('Dinner is not a business expense');
  await page.getByRole('button', { name: 'Reject report' }).click();
  await decisionInFlight;
  await changeAndResubmit(carol, reportId, title);
  resubmitted();

  await expect(page.getByRole('alert').first()).toBeVisible();
  await expect(page.getByRole('status').getByText('Report rejected')).toHaveCount(0);
  expect(await reportStatus(carol, reportId), 'the report still awaits a decision').toBe(
    'submitted',
  );
  await expect(page.getByTestId('report-total')).toHaveText('$130.00');
});
