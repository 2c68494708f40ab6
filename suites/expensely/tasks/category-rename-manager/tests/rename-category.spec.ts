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

async function expense(api: APIRequestContext, workspaceId: number, merchant: string) {
  const created = await call(api, `/api/workspaces/${workspaceId}/expenses`, {
    merchant,
    amountMinor: 2450,
    currency: 'USD',
    category: 'Transport',
    date: '2025-03-04',
    description: '',
    receiptId: null,
  });
  return created.id as number;
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
}

/**
 * A workspace of Alice's (admin) with Bob as approver, so that renames in one test never
 * touch another's data: taxi rides in "Transport", unreported, on a draft report and on an
 * approved one.
 */
async function workspaceWithTaxis(browser: Browser, tag: string) {
  const alice = await apiAs(browser, 'alice@expensely.test');
  const workspace = await call(alice, '/api/workspaces', { name: `Rename ${tag}`, currency: 'USD' });
  const id = workspace.id as number;
  await call(alice, `/api/workspaces/${id}/members`, { email: 'bob@expensely.test', role: 'approver' });
  const unreported = `Yellow Cab ${tag}`;
  const onDraft = `Uber ${tag}`;
  const onApproved = `Lyft ${tag}`;
  await expense(alice, id, unreported);
  const draftExpense = await expense(alice, id, onDraft);
  const approvedExpense = await expense(alice, id, onApproved);
  const draft = await call(alice, `/api/workspaces/${id}/reports`, {
    title: `Draft rides ${tag}`,
    expenseIds: [draftExpense],
  });
  const past = await call(alice, `/api/workspaces/${id}/reports`, {
    title: `Past rides ${tag}`,
    expenseIds: [approvedExpense],
  });
  await call(alice, `/api/reports/${past.id}/submit`);
  const bob = await apiAs(browser, 'bob@expensely.test');
  await call(bob, `/api/reports/${past.id}/approve`);
  return { id, draftId: draft.id as number, merchants: [unreported, onDraft, onApproved] };
}

async function renameCategory(page: Page, workspaceId: number, from: string, to: string) {
  await page.goto(`/workspaces/${workspaceId}/settings`);
  await page.getByRole('button', { name: `Rename ${from}` }).click();
  const field = page.getByLabel(`New name for ${from}`);
  await field.fill(to);
  await field.press('Enter');
}

/** The category's line in Workspace settings: "<name> (<n> expenses)". */
function categoryItem(page: Page, name: string) {
  return page.getByRole('listitem').filter({ hasText: new RegExp(`^\\s*${name} \\(\\d+ expenses?\\)`) });
}

test('a renamed category carries all its expenses, drafts and past reports alike', async ({
  browser,
  page,
}) => {
  const tag = unique();
  const { id, draftId, merchants } = await workspaceWithTaxis(browser, tag);
  await signIn(page, 'alice@expensely.test');

  await renameCategory(page, id, 'Transport', 'Ground transport');
  await expect(categoryItem(page, 'Ground transport')).toContainText('(3 expenses)');
  await expect(categoryItem(page, 'Transport')).toHaveCount(0);

  // The list filtered by the new name finds every ride, whatever report it is on.
  await page.goto(`/workspaces/${id}/expenses`);
  await page.getByLabel('Category').selectOption('Ground transport');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  for (const merchant of merchants) {
    await expect(page.getByRole('row').filter({ hasText: merchant })).toContainText(
      'Ground transport',
    );
  }

  // Nothing has to be re-entered: an old ride saves as it is.
  await page.getByRole('link', { name: merchants[0] }).click();
  await expect(page.getByRole('heading', { name: merchants[0], level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByLabel('Category')).toHaveValue('Ground transport');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').getByText('Expense updated')).toBeVisible();

  // The draft with a renamed ride can be submitted.
  await page.goto(`/workspaces/${id}/reports/${draftId}`);
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(page.getByText('Awaiting approval').first()).toBeVisible();

  // The audit log says who renamed what.
  await page.goto(`/workspaces/${id}/audit`);
  const entry = page.getByRole('row').filter({ hasText: 'Ground transport' }).first();
  await expect(entry).toContainText(/Transport/);
  await expect(entry).toContainText('Alice');
});

test('renaming to a name the workspace already has is refused with a message', async ({
  browser,
  page,
}) => {
  const tag = unique();
  const { id } = await workspaceWithTaxis(browser, tag);
  await signIn(page, 'alice@expensely.test');

  await renameCategory(page, id, 'Transport', 'meals');
  await expect(page.getByRole('alert').first()).toBeVisible();
  await page.goto(`/workspaces/${id}/settings`);
  await expect(categoryItem(page, 'Meals')).toHaveCount(1);
  await expect(categoryItem(page, 'meals')).toHaveCount(0);
  await expect(categoryItem(page, 'Transport')).toContainText('(3 expenses)');
});
