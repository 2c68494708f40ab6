import { expect as baseExpect, type Page, test } from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 90_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

const PASSWORD = 'password123';

/** Signs in from a sign-in link carrying `next`, as a person following an emailed link. */
async function signInFrom(page: Page, next: string): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill('carol@expensely.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function expectStillInExpensely(page: Page, heading: string): Promise<void> {
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
  const base = test.info().project.use.baseURL ?? '';
  expect(new URL(page.url()).origin).toBe(new URL(base).origin);
}

for (const next of [
  'https://evil.example/expensely/sign-in',
  '//evil.example/phish',
  'javascript:document.body.innerHTML="<h1>Expenses</h1>";location="https://evil.example"',
]) {
  test(`signing in from a link with next=${next.slice(0, 24)}… stays on Expensely`, async ({
    page,
  }) => {
    const left: string[] = [];
    page.on('request', (request) => {
      if (request.isNavigationRequest() && new URL(request.url()).hostname === 'evil.example') {
        left.push(request.url());
      }
    });
    await signInFrom(page, next);
    await expectStillInExpensely(page, 'Expenses');
    await page.reload();
    await expectStillInExpensely(page, 'Expenses');
    expect(left, 'navigations to another site').toEqual([]);
  });
}

test('a link to a page of Expensely still opens that page after signing in', async ({ page }) => {
  await signInFrom(page, '/workspaces/1/reports?scope=mine');
  await expectStillInExpensely(page, 'Reports');
  await expect(page).toHaveURL(/\/workspaces\/1\/reports/);

  // And the sign-in redirect built by the app itself round-trips.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto('/workspaces/1/reports/3');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel('Email').fill('carol@expensely.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('February office supplies');
});
