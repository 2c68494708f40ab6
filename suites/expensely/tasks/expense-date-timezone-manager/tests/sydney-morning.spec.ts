import { expect as baseExpect, type Page, test } from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 90_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000, timezoneId: 'Australia/Sydney' });

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Signs Carol in on a laptop in Sydney at 07:30 local time, when UTC (and so the server) is
 * still on the previous day. Returns her calendar date: the server's UTC date plus one.
 */
async function signInOnSydneyMorning(page: Page): Promise<string> {
  const session = await page.request.post('/api/auth/sign-in', {
    data: { email: 'carol@expensely.test', password: 'password123' },
  });
  expect(session.ok(), 'sign-in through the API').toBe(true);
  // The server's own date (its UTC today): 21:30 UTC on it is 07:30 or 08:30 in Sydney.
  const { today: serverToday } = (await session.json()) as { today: string };
  await page.clock.setFixedTime(new Date(`${serverToday}T21:30:00Z`));
  await page.goto('/workspaces/1/expenses');
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  return addDays(serverToday, 1);
}

function unique(): string {
  return `${test.info().testId.slice(0, 4)}${Date.now() % 1_000_000}`;
}

test("a Sydney morning's taxi is saved with the user's today", async ({ page }) => {
  const today = await signInOnSydneyMorning(page);
  await page.getByRole('link', { name: 'New expense' }).click();
  const date = page.getByLabel('Date');
  await expect(date, 'the date field starts on the user’s today').toHaveValue(today);
  const max = await date.getAttribute('max');
  if (max !== null) expect(max >= today, `the picker's max ${max} allows ${today}`).toBe(true);

  const merchant = `Sydney morning taxi ${unique()}`;
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Amount').fill('23.50');
  await page.getByLabel('Category').selectOption('Transport');
  await date.fill(today);
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: merchant, level: 1 })).toBeVisible();

  await page.goto('/workspaces/1/expenses');
  await expect(page.getByRole('row').filter({ hasText: merchant })).toContainText(today);
});

test('an expense dated next week is still refused', async ({ page }) => {
  const today = await signInOnSydneyMorning(page);
  const nextWeek = addDays(today, 7);
  const merchant = `Next week taxi ${unique()}`;
  await page.getByRole('link', { name: 'New expense' }).click();
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Amount').fill('23.50');
  await page.getByLabel('Category').selectOption('Transport');
  await page.getByLabel('Date').fill(nextWeek);
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /future/i }).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'New expense', level: 1 })).toBeVisible();

  // Nor can it be filed past the form: the API keeps the rule too.
  for (const days of [2, 7]) {
    const response = await page.request.post('/api/workspaces/1/expenses', {
      data: {
        merchant: `${merchant} via API`,
        amountMinor: 2350,
        currency: 'USD',
        category: 'Transport',
        date: addDays(today, days),
        description: '',
        receiptId: null,
      },
    });
    expect(response.status(), `an expense dated ${days} days after the user's today`).toBe(422);
  }
});
