import { expect, type Page, type Response, test } from '@playwright/test';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  // The filter form re-reads its values whenever the page re-renders: typing into it before
  // the list and the categories have loaded can be undone. Wait for both, as a person would.
  await expect(page.getByTestId('expenses-total')).toBeVisible();
  await expect(
    page
      .getByRole('form', { name: 'Filter expenses' })
      .getByLabel('Category')
      .locator('option', { hasText: 'Meals' }),
  ).toHaveCount(1);
}

/**
 * Makes the server's answers to matching list requests arrive late (a slow network): each is
 * held until `release` is called. Resolves with a function that waits until the page has read
 * the held answer and has had time to render whatever it did with it.
 */
async function slowDown(page: Page, matches: (url: URL) => boolean) {
  // The page notes each response body it has read, by URL: its own code runs on an answer
  // only after reading it, so this is the moment a late answer can take effect.
  await page.evaluate(() => {
    const page = window as unknown as { bodiesRead?: string[] };
    if (page.bodiesRead) return;
    const read: string[] = [];
    page.bodiesRead = read;
    for (const name of ['json', 'text'] as const) {
      const original = Response.prototype[name];
      Response.prototype[name] = function (this: { url: string }) {
        const url = this.url;
        return original.call(this).finally(() => read.push(url));
      } as never;
    }
  });
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(
    (url) => matches(url),
    async (route) => {
      const response = await route.fetch();
      await released;
      await route.fulfill({ response });
    },
  );
  const delivered: Promise<Response> = page.waitForResponse((r) => matches(new URL(r.url())));
  return {
    release,
    async settled(): Promise<void> {
      const late = await delivered;
      await late.finished();
      await page.waitForFunction(
        (url) => (window as unknown as { bodiesRead: string[] }).bodiesRead.includes(url),
        late.url(),
      );
      // Two frames and a task after the page read it: whatever it set has been rendered.
      await page.evaluate(async () => {
        for (let frame = 0; frame < 2; frame++) {
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        }
      });
    },
  };
}

const expensesList = (url: URL) => /^\/api\/workspaces\/\d+\/expenses$/.test(url.pathname);

async function search(page: Page, text: string): Promise<void> {
  const filters = page.getByRole('form', { name: 'Filter expenses' });
  await filters.getByLabel('Search').fill(text);
  await filters.getByRole('button', { name: 'Apply filters' }).click();
}

function expenseRows(page: Page) {
  return page.getByRole('table', { name: 'Expenses' }).getByRole('row');
}

test('a slow earlier search does not replace the results of the latest one', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  const slow = await slowDown(
    page,
    (url) => expensesList(url) && url.searchParams.get('q') === 'Hilton',
  );

  await search(page, 'Hilton');
  await search(page, 'Uber');
  await expect(expenseRows(page).filter({ hasText: 'Uber' }).first()).toBeVisible();

  slow.release();
  await slow.settled();
  await expect(
    page.getByRole('form', { name: 'Filter expenses' }).getByLabel('Search'),
  ).toHaveValue('Uber');
  await expect(expenseRows(page).filter({ hasText: 'Hilton' })).toHaveCount(0);
  await expect(expenseRows(page).filter({ hasText: 'Uber' }).first()).toBeVisible();
  await expect(page.getByText(/match your filters/)).toBeVisible();
});

test('clearing the filters while a filtered list is still loading shows everything', async ({
  page,
}) => {
  await signIn(page, 'carol@expensely.test');
  const filters = page.getByRole('form', { name: 'Filter expenses' });
  await expect(page.getByText(/^26 expenses$/)).toBeVisible();
  const slow = await slowDown(
    page,
    (url) => expensesList(url) && url.searchParams.get('category') === 'Meals',
  );

  await filters.getByLabel('Category').selectOption('Meals');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByText(/^26 expenses$/)).toBeVisible();

  slow.release();
  await slow.settled();
  await expect(page.getByText(/^26 expenses$/)).toBeVisible();
  await expect(page.getByText(/match your filters/)).toHaveCount(0);
  await expect(expenseRows(page).filter({ hasText: 'Delta Air Lines' })).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Expense pages' })).toContainText('1–20 of 26');
});

test('the reports search keeps the latest results too', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Reports' })
    .click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'London office visit' })).toBeVisible();
  const slow = await slowDown(
    page,
    (url) =>
      /^\/api\/workspaces\/\d+\/reports$/.test(url.pathname) &&
      url.searchParams.get('q') === 'London',
  );
  const box = page.getByLabel('Search reports');
  await box.fill('London');
  await box.press('Enter');
  await box.fill('January');
  await box.press('Enter');
  await expect(page.getByRole('link', { name: 'January client visit – Chicago' })).toBeVisible();

  slow.release();
  await slow.settled();
  await expect(page.getByRole('link', { name: 'January client visit – Chicago' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'London office visit' })).toHaveCount(0);
});
