import { expect as baseExpect, type Page, test } from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 240_000 });
test.use({ actionTimeout: 20_000, navigationTimeout: 30_000 });

/** More unreported expenses than any one page or request limit should be able to hide. */
const EXPENSES = 1001;

function unique(): string {
  return `${test.info().testId.slice(0, 4)}${Date.now() % 1_000_000}`;
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Signs up a field engineer with a workspace of their own and files a quarter's worth of
 * small expenses, oldest first. Returns the merchants that matter: the two oldest and two
 * newest.
 */
async function engineerWithManyExpenses(page: Page) {
  const tag = unique();
  const email = `field-${tag}@expensely.test`;
  const signUp = await page.request.post('/api/auth/sign-up', {
    data: { name: `Field ${tag}`, email, password: 'password123', workspaceName: `Field ${tag}` },
  });
  expect(signUp.ok(), `sign-up: ${await signUp.text()}`).toBe(true);
  const workspaces = await (await page.request.get('/api/workspaces')).json();
  const workspaceId = workspaces.items[0].id as number;

  const merchant = (i: number) =>
    i === 0
      ? `First cab ${tag}`
      : i === 1
        ? `Second cab ${tag}`
        : i === EXPENSES - 2
          ? `Penultimate cab ${tag}`
          : i === EXPENSES - 1
            ? `Last cab ${tag}`
            : `Ride ${i} ${tag}`;
  for (let i = 0; i < EXPENSES; i++) {
    const response = await page.request.post(`/api/workspaces/${workspaceId}/expenses`, {
      data: {
        merchant: merchant(i),
        amountMinor: 1000 + i,
        currency: 'USD',
        category: 'Transport',
        // Spread over the quarter, oldest first.
        date: addDays('2024-12-01', Math.floor((i * 90) / EXPENSES)),
        description: '',
        receiptId: null,
      },
    });
    expect(response.ok(), `expense ${i}: ${await response.text()}`).toBe(true);
  }
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  return {
    workspaceId,
    oldest: [merchant(0), merchant(1)],
    newest: [merchant(EXPENSES - 1), merchant(EXPENSES - 2)],
  };
}

/** Ticks an expense in a picker, moving on through its pages ("Next") until it shows up. */
async function tick(page: Page, merchant: string): Promise<void> {
  const box = page.getByRole('checkbox', { name: new RegExp(merchant) });
  for (let turn = 0; turn < 30; turn++) {
    if ((await box.count()) > 0) {
      await box.check();
      await expect(box).toBeChecked();
      return;
    }
    const next = page.getByRole('button', { name: 'Next' });
    if ((await next.count()) === 0 || (await next.isDisabled())) break;
    await next.click();
    await page.waitForTimeout(300);
  }
  throw new Error(`"${merchant}" cannot be found in the picker`);
}

test('the oldest and newest of a thousand unreported expenses can go on a report', async ({
  page,
}) => {
  const { workspaceId, oldest, newest } = await engineerWithManyExpenses(page);

  await page.goto(`/workspaces/${workspaceId}/reports/new`);
  const title = `Quarter ${unique()}`;
  await page.getByLabel('Report title').fill(title);
  await expect(page.getByRole('checkbox').first()).toBeVisible();
  await tick(page, oldest[0]);
  await tick(page, newest[0]);
  await page.getByRole('button', { name: 'Create report' }).click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: oldest[0] })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: newest[0] })).toBeVisible();

  // The draft's "Add expenses" reaches both ends of the list as well.
  await page.getByRole('button', { name: 'Add expenses' }).click();
  await expect(page.getByRole('checkbox').first()).toBeVisible();
  await tick(page, oldest[1]);
  await tick(page, newest[1]);
  await page.getByRole('button', { name: 'Add selected' }).click();
  await expect(page.getByRole('status').getByText('2 expenses added')).toBeVisible();
  for (const merchant of [...oldest, ...newest]) {
    await expect(page.getByRole('row').filter({ hasText: merchant })).toBeVisible();
  }
});
