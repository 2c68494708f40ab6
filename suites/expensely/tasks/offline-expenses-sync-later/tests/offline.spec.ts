import { type APIRequestContext, expect, type Page, test } from '@playwright/test';

// Several browsers, sign-ins and forms per test: leave room for a busy machine.
test.describe.configure({ timeout: 60_000 });

const PASSWORD = 'password123';

// A form that cannot be used offline should fail fast rather than wait out the test.
test.use({ actionTimeout: 10_000 });

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
}

function unique(label: string): string {
  return `${label} ${test.info().testId.slice(0, 6)}${test.info().retry}`;
}

/** Fills the New expense form (reached through the app's own link) and saves it. */
async function fileExpense(
  page: Page,
  merchant: string,
  amount: string,
  category = 'Meals',
): Promise<void> {
  await page.getByRole('link', { name: 'New expense' }).click();
  await expect(page.getByRole('heading', { name: 'New expense', level: 1 })).toBeVisible();
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Amount').fill(amount);
  await page.getByLabel('Currency').selectOption('USD');
  await page.getByLabel('Category').selectOption(category);
  await page.getByLabel('Date').fill('2025-03-10');
  await page.getByRole('button', { name: 'Save expense' }).click();
}

async function openExpenses(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Expenses' })
    .click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
}

function rowsOf(page: Page, merchant: string) {
  return page.getByRole('row').filter({ hasText: merchant });
}

/** What the server has, looked up through the filters after a fresh load. */
async function expectRecordedOnce(page: Page, merchant: string): Promise<void> {
  await page.goto(`/workspaces/1/expenses?q=${encodeURIComponent(merchant)}`);
  await expect(page.getByText(/^1 expense match your filters$/)).toBeVisible();
  await expect(rowsOf(page, merchant)).toHaveCount(1);
  await expect(rowsOf(page, merchant)).not.toContainText(/pending/i);
}

test('expenses filed offline wait as pending and sync once, automatically, when back online', async ({
  page,
  context,
}) => {
  const lunch = unique('Offline Lunch');
  const taxi = unique('Offline Taxi');
  await signIn(page, 'carol@expensely.test');

  await context.setOffline(true);
  await fileExpense(page, lunch, '18.40');
  // Once the app has noticed (at the latest when saving fails to reach the server), it says so.
  await expect(page.getByText(/offline/i).first()).toBeVisible();
  await openExpenses(page);
  await expect(rowsOf(page, lunch)).toContainText('Pending sync');
  await expect(rowsOf(page, lunch)).toContainText('$18.40');
  await fileExpense(page, taxi, '31.05', 'Transport');
  await openExpenses(page);
  await expect(rowsOf(page, taxi)).toContainText('Pending sync');
  await expect(rowsOf(page, lunch)).toContainText('Pending sync');

  await context.setOffline(false);
  await expect(page.getByText('Pending sync')).toHaveCount(0, { timeout: 10_000 });
  // The synced expenses are now in the list the server sends, without a reload.
  await expect(rowsOf(page, lunch)).toHaveCount(1);
  await expect(rowsOf(page, taxi)).toHaveCount(1);
  await expect(rowsOf(page, lunch)).toContainText('Unreported');

  await expectRecordedOnce(page, lunch);
  await expectRecordedOnce(page, taxi);
  // Reloading, or going offline and online again, never sends them a second time.
  await context.setOffline(true);
  await context.setOffline(false);
  await expectRecordedOnce(page, lunch);
});

test('pending expenses survive closing the tab and sync the next time Expensely opens', async ({
  page,
  context,
}) => {
  const hotel = unique('Closed Tab Hotel');
  await signIn(page, 'carol@expensely.test');
  await context.setOffline(true);
  await fileExpense(page, hotel, '64.00', 'Lodging');
  await openExpenses(page);
  await expect(rowsOf(page, hotel)).toContainText('Pending sync');
  await page.close();

  await context.setOffline(false);
  const later = await context.newPage();
  await later.goto('/workspaces/1/expenses');
  await expect(later.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  await expect(later.getByText('Pending sync')).toHaveCount(0, { timeout: 10_000 });
  await expectRecordedOnce(later, hotel);
});

test('an expense whose answer was lost when the connection dropped waits and is recorded once', async ({
  page,
  context,
}) => {
  const coffee = unique('Flaky Wifi Coffee');
  await signIn(page, 'carol@expensely.test');
  // The request reaches the server, then the connection drops before the answer arrives.
  // `dropped` turns true only once the browser is offline, so nothing below can still reach
  // the server through a request that raced the drop.
  let intercepted = false;
  let dropped = false;
  await page.route('**/api/workspaces/1/expenses', async (route) => {
    if (route.request().method() !== 'POST' || intercepted) return route.fallback();
    intercepted = true;
    await route.fetch();
    await context.setOffline(true);
    dropped = true;
    await route.abort('internetdisconnected');
  });
  await fileExpense(page, coffee, '4.75');
  await expect.poll(() => dropped).toBe(true);
  await openExpenses(page);
  await expect(rowsOf(page, coffee)).toContainText('Pending sync');

  await context.setOffline(false);
  await expect(page.getByText('Pending sync')).toHaveCount(0, { timeout: 10_000 });
  await expectRecordedOnce(page, coffee);
});

async function adminApi(request: APIRequestContext): Promise<void> {
  const response = await request.post('/api/auth/sign-in', {
    data: { email: 'alice@expensely.test', password: PASSWORD },
  });
  expect(response.ok()).toBe(true);
}

test('an expense the server refuses when it syncs says why, stays on the device, and can be discarded', async ({
  page,
  context,
  request,
}) => {
  const category = unique('Pop-up');
  const kiosk = unique('Refused Kiosk');
  await adminApi(request);
  const created = await request.post('/api/workspaces/1/categories', { data: { name: category } });
  expect(created.ok()).toBe(true);
  const categoryId = ((await created.json()) as { id: number }).id;

  await signIn(page, 'carol@expensely.test');
  // Carol has the form open while still online, so the app has seen the new category.
  await page.getByRole('link', { name: 'New expense' }).click();
  await expect(page.getByLabel('Category').locator('option', { hasText: category })).toHaveCount(1);
  await openExpenses(page);
  await context.setOffline(true);
  await fileExpense(page, kiosk, '12.00', category);
  await openExpenses(page);
  await expect(rowsOf(page, kiosk)).toContainText('Pending sync');

  // While Carol is offline, an admin switches the category off.
  const disabled = await request.patch(`/api/workspaces/1/categories/${categoryId}`, {
    data: { enabled: false },
  });
  expect(disabled.ok()).toBe(true);

  await context.setOffline(false);
  await expect(rowsOf(page, kiosk)).toContainText('Choose one of the workspace categories', {
    timeout: 10_000,
  });
  await expect(rowsOf(page, kiosk)).not.toContainText('Pending sync');

  // Still there after a reload, and never recorded by the server.
  await page.reload();
  await expect(rowsOf(page, kiosk)).toContainText('Choose one of the workspace categories');
  const search = await page.request.get(
    `/api/workspaces/1/expenses?q=${encodeURIComponent(kiosk)}`,
  );
  expect(((await search.json()) as { total: number }).total).toBe(0);

  await rowsOf(page, kiosk)
    .getByRole('button', { name: /discard/i })
    .click();
  await expect(rowsOf(page, kiosk)).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  await expect(rowsOf(page, kiosk)).toHaveCount(0);
});
