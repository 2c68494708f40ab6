import { type Browser, expect as baseExpect, type Page, test } from '@playwright/test';

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

/** A page signed in as this person, in a browser context of their own. */
async function as(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

function unique(label: string): string {
  return `${label} ${test.info().testId.slice(0, 4)}-${Date.now() % 1_000_000}`;
}

const SECOND_APPROVAL_FIELD = /second approval/i;

/** Alice sets (or clears, with '') Acme's second-approval amount in the workspace settings. */
async function setSecondApprovalAmount(page: Page, amount: string): Promise<void> {
  await page.goto('/workspaces/1/settings');
  const field = page.getByLabel(SECOND_APPROVAL_FIELD);
  await field.fill(amount);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').getByText('Workspace settings saved')).toBeVisible();
}

/**
 * Carol files expenses of the given amounts (in cents, each below the receipt threshold), puts
 * them on a report and submits it, through the app's API; returns the report's address.
 */
async function carolSubmits(page: Page, title: string, amounts: number[]): Promise<string> {
  const expenseIds: number[] = [];
  for (const [index, amountMinor] of amounts.entries()) {
    const response = await page.request.post('/api/workspaces/1/expenses', {
      data: {
        merchant: `${title} #${index + 1}`,
        amountMinor,
        currency: 'USD',
        category: 'Meals',
        date: '2025-03-10',
        description: '',
        receiptId: null,
      },
    });
    expect(response.status()).toBe(201);
    expenseIds.push((await response.json()).id);
  }
  const report = await page.request.post('/api/workspaces/1/reports', {
    data: { title, expenseIds },
  });
  expect(report.status()).toBe(201);
  const { id } = await report.json();
  expect((await page.request.post(`/api/reports/${id}/submit`, { data: {} })).ok()).toBe(true);
  return `/workspaces/1/reports/${id}`;
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

test('an admin sets the amount above which reports need a second approval', async ({ page }) => {
  await signIn(page, 'alice@expensely.test');
  await page.goto('/workspaces/1/settings');
  const field = page.getByLabel(SECOND_APPROVAL_FIELD);
  await expect(field).toHaveValue('');
  await field.fill('a lot');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('alert').first()).toBeVisible();
  await expect(page.getByRole('status').getByText('Workspace settings saved')).toHaveCount(0);

  await field.fill('100.00');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').getByText('Workspace settings saved')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(SECOND_APPROVAL_FIELD)).toHaveValue('100.00');
  await expect(page.getByLabel('Maximum amount per expense')).toHaveValue('5000.00');
});

test('above the amount, an approver approves first and an admin completes it', async ({
  browser,
}) => {
  const alice = await as(browser, 'alice@expensely.test');
  const bob = await as(browser, 'bob@expensely.test');
  const carol = await as(browser, 'carol@expensely.test');
  await setSecondApprovalAmount(alice, '100.00');
  const title = unique('Team dinner');
  const url = await carolSubmits(carol, title, [6000, 6000]);

  await bob.goto(url);
  await expect(bob.getByTestId('report-total')).toHaveText('$120.00');
  await bob.getByRole('button', { name: 'Approve' }).click();
  await expect(heading(bob)).toContainText('Awaiting second approval');
  await expect(bob.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await expect(bob.getByRole('button', { name: 'Reject' })).toHaveCount(0);
  await bob.reload();
  await expect(heading(bob)).toContainText('Awaiting second approval');
  await expect(bob.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  // The report left Bob's queue.
  await bob.goto('/workspaces/1/reports?scope=to_approve');
  await expect(bob.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  await expect(bob.getByRole('link', { name: title })).toHaveCount(0);

  await carol.goto(url);
  await expect(heading(carol)).toContainText('Awaiting second approval');

  await alice.goto('/workspaces/1/reports?scope=to_approve');
  await alice.getByRole('link', { name: title }).click();
  await expect(heading(alice)).toContainText('Awaiting second approval');
  await expect(alice.getByRole('button', { name: 'Reimburse' })).toHaveCount(0);
  await alice.getByRole('button', { name: 'Approve' }).click();
  await expect(heading(alice)).toContainText('Approved');
  await expect(heading(alice)).not.toContainText('second approval');
  await expect(alice.getByRole('button', { name: 'Reimburse' })).toBeVisible();
});

test('at or below the amount, and with no amount set, one approval is enough', async ({
  browser,
}) => {
  const alice = await as(browser, 'alice@expensely.test');
  const bob = await as(browser, 'bob@expensely.test');
  const carol = await as(browser, 'carol@expensely.test');
  await setSecondApprovalAmount(alice, '100.00');
  const exact = await carolSubmits(carol, unique('Exactly at the limit'), [5000, 5000]);
  await bob.goto(exact);
  await expect(bob.getByTestId('report-total')).toHaveText('$100.00');
  await bob.getByRole('button', { name: 'Approve' }).click();
  await expect(heading(bob)).toContainText('Approved');
  await expect(heading(bob)).not.toContainText('second approval');

  await setSecondApprovalAmount(alice, '');
  const big = await carolSubmits(carol, unique('No second level'), [7000, 7000, 7000]);
  await bob.goto(big);
  await bob.getByRole('button', { name: 'Approve' }).click();
  await expect(heading(bob)).toContainText('Approved');
  await expect(heading(bob)).not.toContainText('second approval');
});

test('an admin approval is final, and the second step cannot be skipped or done by the first approver', async ({
  browser,
}) => {
  const alice = await as(browser, 'alice@expensely.test');
  const bob = await as(browser, 'bob@expensely.test');
  const carol = await as(browser, 'carol@expensely.test');
  await setSecondApprovalAmount(alice, '100.00');
  const byAdmin = await carolSubmits(carol, unique('Admin reviews first'), [7500, 7500]);
  const twoStep = await carolSubmits(carol, unique('Two step'), [7500, 7500]);

  await alice.goto(byAdmin);
  await alice.getByRole('button', { name: 'Approve' }).click();
  await expect(heading(alice)).toContainText('Approved');

  await bob.goto(twoStep);
  await bob.getByRole('button', { name: 'Approve' }).click();
  await expect(heading(bob)).toContainText('Awaiting second approval');
  const id = twoStep.split('/').pop();
  const again = await bob.request.post(`/api/reports/${id}/approve`, { data: {} });
  expect(again.status()).toBe(403);
  const reject = await bob.request.post(`/api/reports/${id}/reject`, {
    data: { reason: 'Changed my mind' },
  });
  expect(reject.status()).toBe(403);
  await bob.reload();
  await expect(heading(bob)).toContainText('Awaiting second approval');

  // The admin may also turn it down at the second step.
  await alice.goto(twoStep);
  await alice.getByRole('button', { name: 'Reject' }).click();
  await alice.getByLabel('Reason for rejection').fill('Over the team budget');
  await alice.getByRole('button', { name: 'Reject report' }).click();
  await expect(heading(alice)).toContainText('Rejected');
  await expect(alice.getByText('Rejected: Over the team budget')).toBeVisible();
});
