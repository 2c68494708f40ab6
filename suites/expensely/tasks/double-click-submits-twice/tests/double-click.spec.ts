import {
  type APIRequestContext,
  expect as baseExpect,
  type Page,
  type Request,
  test,
} from '@playwright/test';

// Graders can run on a busy machine: give server-driven state time to arrive.
const expect = baseExpect.configure({ timeout: 15_000 });

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
}

/** Carol files an expense on a new draft report, through the app's own API. */
async function draftReport(request: APIRequestContext, title: string): Promise<number> {
  const signedIn = await request.post('/api/auth/sign-in', {
    data: { email: 'carol@expensely.test', password: 'password123' },
  });
  expect(signedIn.ok()).toBe(true);
  const expense = await request.post('/api/workspaces/1/expenses', {
    data: {
      merchant: `${title} taxi`,
      amountMinor: 3125,
      currency: 'USD',
      category: 'Transport',
      date: '2025-03-11',
      description: '',
      receiptId: null,
    },
  });
  expect(expense.status()).toBe(201);
  const { id: expenseId } = (await expense.json()) as { id: number };
  const report = await request.post('/api/workspaces/1/reports', {
    data: { title, expenseIds: [expenseId] },
  });
  expect(report.status()).toBe(201);
  const { id } = (await report.json()) as { id: number };
  await request.post('/api/auth/sign-out');
  return id;
}

/**
 * Counts the page's requests for one report action, so a test can wait until every request a
 * click sent has been answered before checking that no error is shown.
 */
function trackAction(page: Page, action: string) {
  let started = 0;
  let finished = 0;
  const matches = (request: Request) =>
    request.method() === 'POST' && new URL(request.url()).pathname.endsWith(`/${action}`);
  page.on('request', (r) => {
    if (matches(r)) started++;
  });
  const done = (r: Request) => {
    if (matches(r)) finished++;
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    async settled(): Promise<void> {
      await expect.poll(() => started > 0 && finished === started).toBe(true);
      // Let the page render whatever the last answer changed.
      await page.evaluate(
        () =>
          new Promise<void>((resolve) =>
            requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))),
          ),
      );
    },
  };
}

test('double-clicking Submit for approval submits once, without an error', async ({
  page,
  request,
}) => {
  const id = await draftReport(request, 'Double click submit');
  await signIn(page, 'carol@expensely.test');
  await page.goto(`/workspaces/1/reports/${id}`);
  const submits = trackAction(page, 'submit');
  await page.getByRole('button', { name: 'Submit for approval' }).dblclick();
  await expect(page.getByRole('status').getByText('Report submitted for approval')).toBeVisible();
  await submits.settled();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Awaiting approval');
  await expect(page.getByText('Carol Smith submitted the report')).toHaveCount(1);
});

test('double-clicking Approve approves once, without an error', async ({ page, request }) => {
  const id = await draftReport(request, 'Double click approve');
  const carol = await request.post('/api/auth/sign-in', {
    data: { email: 'carol@expensely.test', password: 'password123' },
  });
  expect(carol.ok()).toBe(true);
  expect((await request.post(`/api/reports/${id}/submit`, { data: {} })).ok()).toBe(true);
  await request.post('/api/auth/sign-out');

  await signIn(page, 'alice@expensely.test');
  await page.goto(`/workspaces/1/reports/${id}`);
  const approvals = trackAction(page, 'approve');
  await page.getByRole('button', { name: 'Approve' }).dblclick();
  await expect(page.getByRole('status').getByText('Report approved')).toBeVisible();
  await approvals.settled();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Approved');
  await expect(page.getByText('Alice Nguyen approved the report')).toHaveCount(1);
});

test('a single click still submits', async ({ page, request }) => {
  const id = await draftReport(request, 'Single click submit');
  await signIn(page, 'carol@expensely.test');
  await page.goto(`/workspaces/1/reports/${id}`);
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(page.getByRole('status').getByText('Report submitted for approval')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Awaiting approval');
});
