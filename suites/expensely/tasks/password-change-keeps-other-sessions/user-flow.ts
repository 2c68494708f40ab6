import type { Page } from 'playwright-core';

async function signIn(device: Page, email: string, password: string): Promise<void> {
  await device.goto('/sign-in');
  await device.getByLabel('Email').fill(email);
  await device.getByLabel('Password').fill(password);
  await device.getByRole('button', { name: 'Sign in' }).click();
  await device.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
}

/**
 * One person on two devices: this page is the phone; a second browser context is the laptop,
 * which changes the password. Then the phone reloads, as in the report.
 */
export default async function userFlow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  const email = `flow-devices-${Date.now()}@expensely.test`;
  await page.goto('/sign-in');
  await page.request.post('/api/auth/sign-up', {
    data: { name: 'Flow Devices', email, password: 'first-password-1', workspaceName: 'Flow Co' },
  });
  await page.context().clearCookies();
  await signIn(page, email, 'first-password-1');
  await snapshot('phone signed in');

  const browser = page.context().browser();
  if (!browser) throw new Error('no browser to open a second device');
  const laptopContext = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const laptop = await laptopContext.newPage();
  await signIn(laptop, email, 'first-password-1');
  await laptop.goto('/settings/profile');
  const form = laptop.getByRole('form', { name: 'Change password' });
  await form.getByLabel('Current password').fill('first-password-1');
  await form.getByLabel('New password', { exact: true }).fill('second-password-2');
  await form.getByLabel('Confirm new password').fill('second-password-2');
  await form.getByRole('button', { name: 'Change password' }).click();
  await laptop
    .getByRole('status')
    .getByText(/Password changed/)
    .waitFor();
  await laptopContext.close();

  await page.reload();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await snapshot('phone after the password changed on the laptop');
}
