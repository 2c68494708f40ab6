import { type Browser, expect as baseExpect, type Page, test } from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 90_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

const PASSWORD = 'password123';

/** A page signed in as this person, in a browser context of their own. */
async function as(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  return page;
}

/** Carol picks her default account in the Wallet, the way a person does. */
async function chooseDefault(carol: Page, bank: string): Promise<void> {
  await carol.goto('/settings/wallet');
  const item = carol.getByRole('listitem').filter({ hasText: bank });
  await expect(item).toBeVisible();
  const makeDefault = item.getByRole('button', { name: `Make default ${bank}` });
  if (await makeDefault.isVisible()) {
    await makeDefault.click();
    await expect(
      carol.getByRole('status').getByText(`${bank} is now your default account`),
    ).toBeVisible();
  }
  await expect(item.getByText('Default', { exact: true })).toBeVisible();
}

/** Carol files an expense and submits a report with it (seeded through the API); Bob approves. */
async function approvedReport(carol: Page, bob: Page, title: string): Promise<string> {
  const expense = await carol.request.post('/api/workspaces/1/expenses', {
    data: {
      merchant: `${title} train`,
      amountMinor: 4321,
      currency: 'USD',
      category: 'Travel',
      date: '2025-03-09',
      description: '',
      receiptId: null,
    },
  });
  expect(expense.status()).toBe(201);
  const report = await carol.request.post('/api/workspaces/1/reports', {
    data: { title, expenseIds: [(await expense.json()).id] },
  });
  const { id } = await report.json();
  expect((await carol.request.post(`/api/reports/${id}/submit`, { data: {} })).ok()).toBe(true);
  await bob.goto(`/workspaces/1/reports/${id}`);
  await bob.getByRole('button', { name: 'Approve' }).click();
  await expect(bob.getByRole('heading', { level: 1 })).toContainText('Approved');
  return `/workspaces/1/reports/${id}`;
}

async function reimburse(alice: Page, url: string): Promise<void> {
  await alice.goto(url);
  await alice.getByRole('button', { name: 'Reimburse' }).click();
  await alice.getByRole('button', { name: 'Pay $43.21' }).click();
  await expect(alice.getByRole('heading', { level: 1 })).toContainText('Reimbursed');
}

function unique(label: string): string {
  return `${label} ${test.info().testId.slice(0, 4)}-${Date.now() % 1_000_000}`;
}

test('a reimbursement goes to the account the employee marked as default', async ({ browser }) => {
  const carol = await as(browser, 'carol@expensely.test');
  const bob = await as(browser, 'bob@expensely.test');
  const alice = await as(browser, 'alice@expensely.test');
  await chooseDefault(carol, 'First Republic');
  const url = await approvedReport(carol, bob, unique('Client visit'));
  await reimburse(alice, url);
  await expect(alice.getByText(/Reimbursed \$43\.21 to First Republic ••••6789/)).toBeVisible();
  await carol.goto(url);
  await expect(carol.getByText(/Reimbursed \$43\.21 to First Republic ••••6789/)).toBeVisible();
});

test('after switching the default account, the next reimbursement follows it', async ({
  browser,
}) => {
  const carol = await as(browser, 'carol@expensely.test');
  const bob = await as(browser, 'bob@expensely.test');
  const alice = await as(browser, 'alice@expensely.test');
  await chooseDefault(carol, 'Chase');
  const toChase = await approvedReport(carol, bob, unique('Conference'));
  await reimburse(alice, toChase);
  await expect(alice.getByText(/Reimbursed \$43\.21 to Chase ••••0001/)).toBeVisible();

  await chooseDefault(carol, 'First Republic');
  const toFirstRepublic = await approvedReport(carol, bob, unique('Workshop'));
  await reimburse(alice, toFirstRepublic);
  await expect(alice.getByText(/Reimbursed \$43\.21 to First Republic ••••6789/)).toBeVisible();

  // Someone without any account (Dave) is still told so.
  await alice.goto('/workspaces/1/reports/4');
  await alice.getByRole('button', { name: 'Reimburse' }).click();
  await alice.getByRole('button', { name: /^Pay / }).click();
  await expect(
    alice.getByRole('alert').filter({ hasText: 'no default bank account' }),
  ).toBeVisible();
});
