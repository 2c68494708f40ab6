import {
  type APIRequestContext,
  expect as baseExpect,
  type Browser,
  type Page,
  test,
} from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 300_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

type Role = 'admin' | 'approver' | 'member';

function unique(): string {
  return `${test.info().testId.slice(0, 4)}${Date.now() % 1_000_000}`;
}

/** The server's calendar date moved by `days` (delegation ranges are days, inclusive). */
function shift(today: string, days: number): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

async function apiAs(browser: Browser, email: string): Promise<APIRequestContext> {
  const context = await browser.newContext();
  const response = await context.request.post('/api/auth/sign-in', {
    data: { email, password: 'password123' },
  });
  expect(response.ok(), `${email} signs in`).toBe(true);
  return context.request;
}

async function call(api: APIRequestContext, method: 'get' | 'post', path: string, data = {}) {
  const response = method === 'get' ? await api.get(path) : await api.post(path, { data });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(
    true,
  );
  return response.json();
}

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  return page;
}

/** A workspace of its own (Alice is its admin) and the server's today. */
async function freshWorkspace(browser: Browser, tag: string, members: Array<[string, Role]>) {
  const alice = await apiAs(browser, 'alice@expensely.test');
  const workspace = await call(alice, 'post', '/api/workspaces', {
    name: `Delegation ${tag}`,
    currency: 'USD',
  });
  for (const [email, role] of members) {
    await call(alice, 'post', `/api/workspaces/${workspace.id}/members`, { email, role });
  }
  const session = await call(alice, 'get', '/api/session');
  return { id: workspace.id as number, today: session.today as string };
}

/** A submitted report of one $42.00 expense; returns its id and its owner's API. */
async function submittedReport(browser: Browser, email: string, workspaceId: number, tag: string) {
  const owner = await apiAs(browser, email);
  const expense = await call(owner, 'post', `/api/workspaces/${workspaceId}/expenses`, {
    merchant: `Hotel ${tag}`,
    amountMinor: 4200,
    currency: 'USD',
    category: 'Lodging',
    date: '2025-03-03',
    description: '',
    receiptId: null,
  });
  const report = await call(owner, 'post', `/api/workspaces/${workspaceId}/reports`, {
    title: `Stay ${tag}`,
    expenseIds: [expense.id],
  });
  await call(owner, 'post', `/api/reports/${report.id}/submit`);
  return { owner, reportId: report.id as number };
}

/** Delegates approvals on the Members page, as the signed-in approver or admin. */
async function delegate(
  page: Page,
  workspaceId: number,
  range: { delegate: string; from: string; to: string; approver?: string },
) {
  await page.goto(`/workspaces/${workspaceId}/members`);
  const form = page.getByRole('form', { name: 'Delegate approvals' });
  if (range.approver) await form.getByLabel('Approver').selectOption({ label: range.approver });
  await form.getByLabel('Delegate').selectOption({ label: range.delegate });
  await form.getByLabel('From').fill(range.from);
  await form.getByLabel('To').fill(range.to);
  await form.getByRole('button', { name: 'Delegate approvals' }).click();
}

async function expectCannotApprove(page: Page, api: APIRequestContext, reportId: number, id: number) {
  await page.goto(`/workspaces/${id}/reports/${reportId}`);
  await expect(
    page.getByRole('heading', { level: 1 }).or(page.getByRole('alert')).first(),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  const response = await api.post(`/api/reports/${reportId}/approve`);
  expect(response.ok(), `approve answered ${response.status()}`).toBe(false);
}

async function statusOf(api: APIRequestContext, reportId: number): Promise<string> {
  return (await call(api, 'get', `/api/reports/${reportId}`)).status;
}

test('a delegate never approves their own report', async ({ browser }) => {
  const tag = unique();
  const { id, today } = await freshWorkspace(browser, tag, [
    ['bob@expensely.test', 'approver'],
    ['carol@expensely.test', 'member'],
    ['dave@expensely.test', 'member'],
  ]);
  const { reportId: davesReport } = await submittedReport(browser, 'dave@expensely.test', id, tag);
  const { owner: carolsApi, reportId: carolsReport } = await submittedReport(
    browser,
    'carol@expensely.test',
    id,
    `${tag}c`,
  );
  const bob = await signedInPage(browser, 'bob@expensely.test');
  await delegate(bob, id, { delegate: 'Carol Smith', from: shift(today, -1), to: shift(today, 1) });
  await expect(bob.getByRole('button', { name: 'Revoke delegation to Carol Smith' })).toBeVisible();

  const carol = await signedInPage(browser, 'carol@expensely.test');
  await carol.goto(`/workspaces/${id}/reports/${davesReport}`);
  await expect(carol.getByRole('button', { name: 'Approve' })).toBeVisible();
  await carol.goto(`/workspaces/${id}/reports/${carolsReport}`);
  await expect(carol.getByRole('button', { name: 'Reopen as draft' })).toBeVisible();
  await expect(carol.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  const response = await carolsApi.post(`/api/reports/${carolsReport}/approve`);
  expect(response.status()).toBe(403);
  expect(await statusOf(carolsApi, carolsReport)).toBe('submitted');
});

test("an admin delegates an approver's approvals, in that workspace only", async ({ browser }) => {
  const tag = unique();
  const { id, today } = await freshWorkspace(browser, tag, [
    ['bob@expensely.test', 'approver'],
    ['carol@expensely.test', 'member'],
  ]);
  const other = await freshWorkspace(browser, `${tag}x`, [
    ['carol@expensely.test', 'member'],
    ['dave@expensely.test', 'member'],
  ]);
  const { owner: dave, reportId } = await submittedReport(
    browser,
    'dave@expensely.test',
    other.id,
    tag,
  );

  const alice = await signedInPage(browser, 'alice@expensely.test');
  await delegate(alice, id, {
    approver: 'Bob Martinez',
    delegate: 'Carol Smith',
    from: today,
    to: shift(today, 4),
  });
  await expect(
    alice.getByRole('button', { name: 'Revoke delegation to Carol Smith' }),
  ).toBeVisible();

  const carolsApi = await apiAs(browser, 'carol@expensely.test');
  const carol = await signedInPage(browser, 'carol@expensely.test');
  await expectCannotApprove(carol, carolsApi, reportId, other.id);
  expect(await statusOf(dave, reportId)).toBe('submitted');
});

test('during the range the delegate approves on behalf of the approver, and history says so', async ({
  browser,
}) => {
  const tag = unique();
  const { id, today } = await freshWorkspace(browser, tag, [
    ['bob@expensely.test', 'approver'],
    ['carol@expensely.test', 'member'],
    ['dave@expensely.test', 'member'],
  ]);
  const { owner: dave, reportId } = await submittedReport(browser, 'dave@expensely.test', id, tag);

  const bob = await signedInPage(browser, 'bob@expensely.test');
  await delegate(bob, id, { delegate: 'Carol Smith', from: shift(today, -1), to: shift(today, 1) });
  await expect(bob.getByRole('button', { name: 'Revoke delegation to Carol Smith' })).toBeVisible();

  const carol = await signedInPage(browser, 'carol@expensely.test');
  await carol.goto(`/workspaces/${id}/reports/${reportId}`);
  await carol.getByRole('button', { name: 'Approve' }).click();
  await expect(carol.getByText('Approved').first()).toBeVisible();
  expect(await statusOf(dave, reportId)).toBe('approved');
  const history = carol.getByRole('region', { name: 'History' });
  await expect(history).toContainText(/Carol Smith[^\n]*on behalf of Bob Martinez/);

  const alice = await signedInPage(browser, 'alice@expensely.test');
  await alice.goto(`/workspaces/${id}/audit`);
  const approval = alice.getByRole('row').filter({ hasText: 'report.approved' });
  await expect(approval).toContainText('Carol Smith');
  await expect(approval).toContainText('on behalf of Bob Martinez');
});

test('before the range and once revoked, the delegate cannot approve', async ({ browser }) => {
  const tag = unique();
  const { id, today } = await freshWorkspace(browser, tag, [
    ['bob@expensely.test', 'approver'],
    ['carol@expensely.test', 'member'],
    ['dave@expensely.test', 'member'],
  ]);
  const { owner: dave, reportId } = await submittedReport(browser, 'dave@expensely.test', id, tag);
  const bob = await signedInPage(browser, 'bob@expensely.test');
  const carolsApi = await apiAs(browser, 'carol@expensely.test');
  const carol = await signedInPage(browser, 'carol@expensely.test');

  // Bob's holiday starts in two days.
  await delegate(bob, id, { delegate: 'Carol Smith', from: shift(today, 2), to: shift(today, 9) });
  await expect(bob.getByRole('button', { name: 'Revoke delegation to Carol Smith' })).toBeVisible();
  await expectCannotApprove(carol, carolsApi, reportId, id);
  expect(await statusOf(dave, reportId)).toBe('submitted');

  // He leaves early after all, then comes back and ends the delegation.
  await bob.getByRole('button', { name: 'Revoke delegation to Carol Smith' }).click();
  await expect(bob.getByRole('button', { name: 'Revoke delegation to Carol Smith' })).toHaveCount(0);
  await delegate(bob, id, { delegate: 'Carol Smith', from: today, to: shift(today, 3) });
  await carol.goto(`/workspaces/${id}/reports/${reportId}`);
  await expect(carol.getByRole('button', { name: 'Approve' })).toBeVisible();
  await bob.getByRole('button', { name: 'Revoke delegation to Carol Smith' }).click();
  await expect(bob.getByRole('button', { name: 'Revoke delegation to Carol Smith' })).toHaveCount(0);
  await expectCannotApprove(carol, carolsApi, reportId, id);
  expect(await statusOf(dave, reportId)).toBe('submitted');
});
