import { expect, type Page, test } from '@playwright/test';

// Each test signs up and fills several forms: leave room for a busy machine.
test.describe.configure({ timeout: 60_000 });

/**
 * Signs up a fresh admin whose only workspace is new and in USD (through the sign-up form),
 * so each test starts with a workspace that has no expenses and no reports.
 */
async function newAdmin(page: Page, label: string): Promise<string> {
  const email = `currency-${label}-${test.info().testId}-${test.info().retry}@expensely.test`;
  await page.goto('/sign-up');
  await page.getByLabel('Full name').fill('Cora Rency');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('currency-pass-1');
  await page.getByLabel('Workspace name (optional)').fill(`Currency ${label}`);
  await page.getByLabel('Workspace currency').selectOption('USD');
  await page.getByRole('button', { name: /create/i }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  const match = /\/workspaces\/(\d+)\//.exec(page.url());
  expect(match).not.toBeNull();
  return `/workspaces/${match?.[1]}`;
}

async function addExpense(page: Page, workspace: string, merchant: string): Promise<void> {
  await page.goto(`${workspace}/expenses/new`);
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Amount').fill('100.00');
  await page.getByLabel('Currency').selectOption('USD');
  await page.getByLabel('Category').selectOption('Meals');
  await page.getByLabel('Date').fill('2025-03-03');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: merchant })).toBeVisible();
}

async function saveCurrency(page: Page, currency: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Workspace settings' });
  await form.getByLabel('Workspace currency').selectOption(currency);
  await form.getByRole('button', { name: 'Save settings' }).click();
}

async function expectStillUsd(page: Page, workspace: string): Promise<void> {
  await page.goto(`${workspace}/settings`);
  await expect(
    page.getByRole('form', { name: 'Workspace settings' }).getByLabel('Workspace currency'),
  ).toHaveValue('USD');
  await page.goto(`${workspace}/expenses`);
  await expect(page.getByTestId('expenses-total')).toHaveText('$100.00');
}

test('the currency of a workspace that already has expenses cannot be switched', async ({
  page,
}) => {
  const workspace = await newAdmin(page, 'unreported');
  await addExpense(page, workspace, 'Currency Diner');
  await page.goto(`${workspace}/expenses`);
  await expect(page.getByTestId('expenses-total')).toHaveText('$100.00');

  await page.goto(`${workspace}/settings`);
  await saveCurrency(page, 'EUR');
  await expect(
    page
      .getByRole('alert')
      .filter({ hasText: /currency/i })
      .first(),
  ).toBeVisible();
  await expect(page.getByRole('status').getByText('Workspace settings saved')).toHaveCount(0);
  await expectStillUsd(page, workspace);
});

test('a settings page opened before the first expense cannot switch the currency afterwards', async ({
  page,
  context,
}) => {
  const workspace = await newAdmin(page, 'stale');
  await page.goto(`${workspace}/settings`);
  await expect(page.getByRole('form', { name: 'Workspace settings' })).toBeVisible();

  // Meanwhile, in another tab, the first expense is recorded.
  const otherTab = await context.newPage();
  await addExpense(otherTab, workspace, 'Stale Tab Bistro');
  await otherTab.close();

  await saveCurrency(page, 'GBP');
  await expect(
    page
      .getByRole('alert')
      .filter({ hasText: /currency/i })
      .first(),
  ).toBeVisible();
  await expectStillUsd(page, workspace);
});

test('other settings still save on a workspace that has expenses', async ({ page }) => {
  const used = await newAdmin(page, 'used');
  await addExpense(page, used, 'Policy Cafe');
  await page.goto(`${used}/settings`);
  const form = page.getByRole('form', { name: 'Workspace settings' });
  await form.getByLabel('Workspace name').fill('Currency used renamed');
  await form.getByLabel('Maximum amount per expense').fill('2500');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').getByText('Workspace settings saved')).toBeVisible();
  await page.reload();
  await expect(form.getByLabel('Workspace name')).toHaveValue('Currency used renamed');
  await expect(form.getByLabel('Maximum amount per expense')).toHaveValue('2500.00');
  await expect(form.getByLabel('Workspace currency')).toHaveValue('USD');
});

test('a workspace without expenses can still switch its currency', async ({ page }) => {
  const empty = await newAdmin(page, 'empty');
  const form = page.getByRole('form', { name: 'Workspace settings' });
  await page.goto(`${empty}/settings`);
  await saveCurrency(page, 'EUR');
  await expect(page.getByRole('status').getByText('Workspace settings saved')).toBeVisible();
  await page.reload();
  await expect(form.getByLabel('Workspace currency')).toHaveValue('EUR');
  await addExpense(page, empty, 'Euro Kiosk');
  await page.goto(`${empty}/expenses`);
  await expect(page.getByTestId('expenses-total')).toContainText('€');
});
