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

test('errors of the expense form describe their fields', async ({ page }) => {
  await signIn(page, 'dave@expensely.test');
  await page.goto('/workspaces/1/expenses/new');
  await expect(page.getByLabel('Category').locator('option', { hasText: 'Meals' })).toHaveCount(1);
  await page.getByLabel('Date').fill('');
  await page.getByRole('button', { name: 'Save expense' }).click();

  const merchant = page.getByLabel('Merchant');
  await expect(merchant).toHaveAttribute('aria-invalid', 'true');
  await expect(merchant).toHaveAccessibleDescription('Merchant is required');
  await expect(page.getByLabel('Amount')).toHaveAccessibleDescription('Enter an amount');
  await expect(page.getByLabel('Category')).toHaveAccessibleDescription('Category is required');

  // Fixing one field drops its error from the description; the others keep theirs.
  await merchant.fill('Blue Bottle Coffee');
  await page.getByLabel('Amount').fill('4.50');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByLabel('Category')).toHaveAccessibleDescription('Category is required');
  await expect(merchant).not.toHaveAttribute('aria-invalid', 'true');
  await expect(merchant).toHaveAccessibleDescription('');
  await expect(page.getByLabel('Amount')).toHaveAccessibleDescription('');
});

test('a hint is still read when there is no error', async ({ page }) => {
  await signIn(page, 'dave@expensely.test');
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Currency').selectOption('EUR');
  await page.getByLabel('Amount').fill('9.20');
  await expect(page.getByLabel('Amount')).toHaveAccessibleDescription('≈ $10.00 in USD');
  await page.getByLabel('Amount').fill('9.999');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByLabel('Amount')).toHaveAccessibleDescription(
    'Use at most 2 decimal places',
  );
});

test('errors of the bank account form describe their fields', async ({ page }) => {
  await signIn(page, 'dave@expensely.test');
  await page.goto('/settings/wallet');
  const form = page.getByRole('form', { name: 'Add bank account' });
  await form.getByLabel('Routing number').fill('12345');
  await form.getByRole('button', { name: 'Add account' }).click();
  await expect(form.getByLabel('Account holder')).toHaveAccessibleDescription(
    'Account holder is required',
  );
  await expect(form.getByLabel('Routing number')).toHaveAccessibleDescription(
    'Enter a valid 9-digit routing number',
  );
  await expect(form.getByLabel('Account number')).toHaveAccessibleDescription(
    'Account numbers have 4 to 17 digits',
  );
});
