import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';

// Several browsers, sign-ins and forms per test: leave room for a busy machine.
test.describe.configure({ timeout: 60_000 });

const OLD_PASSWORD = 'first-password-1';

/** A fresh account per test, so changing its password never touches seeded users. */
async function newAccount(browser: Browser): Promise<string> {
  const email = `devices-${test.info().testId}-${test.info().retry}@expensely.test`;
  const context = await browser.newContext();
  const response = await context.request.post('/api/auth/sign-up', {
    data: { name: 'Devi Sessions', email, password: OLD_PASSWORD, workspaceName: 'Devices Co' },
  });
  expect(response.status()).toBe(201);
  await context.close();
  return email;
}

/** Another browser (laptop, phone…) signed in through the sign-in form. */
async function signedInDevice(browser: Browser, email: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  return { context, page };
}

async function changePassword(page: Page, current: string, next: string): Promise<void> {
  await page.goto('/settings/profile');
  const form = page.getByRole('form', { name: 'Change password' });
  await form.getByLabel('Current password').fill(current);
  await form.getByLabel('New password', { exact: true }).fill(next);
  await form.getByLabel('Confirm new password').fill(next);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').getByText(/Password changed/)).toBeVisible();
}

async function expectSignedOut(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in to Expensely' })).toBeVisible();
  // The old session cannot be used behind the page's back either.
  const session = await page.request.get('/api/session');
  expect(await session.json()).toBeNull();
  const write = await page.request.post('/api/workspaces', {
    data: { name: 'Should not exist', currency: 'USD' },
  });
  expect(write.status()).toBe(401);
}

async function expectSignedIn(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
}

let contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  contexts = [];
});

test('changing the password signs out my other devices and keeps this one signed in', async ({
  browser,
}) => {
  const email = await newAccount(browser);
  const laptop = await signedInDevice(browser, email, OLD_PASSWORD);
  const phone = await signedInDevice(browser, email, OLD_PASSWORD);
  contexts.push(laptop.context, phone.context);
  // The phone is in use right before the change.
  await phone.page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Reports' })
    .click();
  await expect(phone.page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();

  await changePassword(laptop.page, OLD_PASSWORD, 'second-password-2');

  await expectSignedOut(phone.page);
  await expectSignedIn(laptop.page);

  // The phone can only come back with the new password.
  await phone.page.getByLabel('Email').fill(email);
  await phone.page.getByLabel('Password').fill(OLD_PASSWORD);
  await phone.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(phone.page.getByRole('alert')).toContainText('Incorrect email or password');
  await phone.page.getByLabel('Password').fill('second-password-2');
  await phone.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(phone.page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  await expectSignedIn(phone.page);
});

test('a second password change signs out the devices that signed in after the first', async ({
  browser,
}) => {
  const email = await newAccount(browser);
  const laptop = await signedInDevice(browser, email, OLD_PASSWORD);
  contexts.push(laptop.context);
  await changePassword(laptop.page, OLD_PASSWORD, 'second-password-2');

  const tablet = await signedInDevice(browser, email, 'second-password-2');
  const desktop = await signedInDevice(browser, email, 'second-password-2');
  contexts.push(tablet.context, desktop.context);
  await expectSignedIn(tablet.page);
  await expectSignedIn(desktop.page);

  // Changing it from the tablet this time: the laptop and the desktop are signed out.
  await changePassword(tablet.page, 'second-password-2', 'third-password-3');
  await expectSignedOut(laptop.page);
  await expectSignedOut(desktop.page);
  await expectSignedIn(tablet.page);
});

test('signing out on one device leaves my other devices signed in', async ({ browser }) => {
  const email = await newAccount(browser);
  const laptop = await signedInDevice(browser, email, OLD_PASSWORD);
  const phone = await signedInDevice(browser, email, OLD_PASSWORD);
  contexts.push(laptop.context, phone.context);
  await laptop.page.getByRole('button', { name: 'Sign out' }).click();
  await expect(laptop.page.getByRole('heading', { name: 'Sign in to Expensely' })).toBeVisible();
  await expectSignedOut(laptop.page);
  await expectSignedIn(phone.page);
});
