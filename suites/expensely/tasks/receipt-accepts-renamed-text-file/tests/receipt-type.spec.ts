import { expect as baseExpect, type Page, test } from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 90_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

const PASSWORD = 'password123';

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
}

async function attach(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
  await page.getByLabel('Receipt').setInputFiles({ name, mimeType, buffer });
}

test('a text file renamed to .png is refused and a real image is attached', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  await page.goto('/workspaces/1/expenses/new');
  await expect(page.getByLabel('Receipt')).toBeVisible();

  await attach(page, 'lunch-receipt.png', 'image/png', Buffer.from('Lunch at Joe’s: $82.40\n'));
  await expect(
    page.getByRole('alert').filter({ hasText: /PNG|JPEG|PDF|image|type/i }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'lunch-receipt.png' })).toHaveCount(0);

  await attach(page, 'real-receipt.png', 'image/png', PNG);
  await expect(page.getByRole('link', { name: 'real-receipt.png' })).toBeVisible();
  const merchant = `Joe's Diner ${test.info().testId.slice(0, 4)}-${Date.now() % 1_000_000}`;
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Amount').fill('82.40');
  await page.getByLabel('Category').selectOption('Meals');
  await page.getByLabel('Date').fill('2025-03-12');
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: merchant, level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'real-receipt.png' })).toBeVisible();
});

test('renamed text files are refused whatever image or PDF type they claim', async ({ page }) => {
  await signIn(page, 'dave@expensely.test');
  await page.goto('/workspaces/1/expenses/new');
  for (const [name, type] of [
    ['scan.pdf', 'application/pdf'],
    ['photo.jpg', 'image/jpeg'],
    ['photo.webp', 'image/webp'],
  ] as const) {
    await attach(page, name, type, Buffer.from('<html><script>alert(1)</script></html>'));
    await expect(
      page.getByRole('alert').filter({ hasText: /PNG|JPEG|PDF|image|type/i }),
    ).toBeVisible();
    await expect(page.getByRole('link', { name })).toHaveCount(0);
  }
  // The same goes for anything sent straight to the upload endpoint.
  const response = await page.request.post('/api/receipts', {
    headers: { 'content-type': 'image/png', 'x-file-name': 'note.png' },
    data: Buffer.from('just text'),
  });
  expect(response.status()).toBeGreaterThanOrEqual(400);
  expect(response.status()).toBeLessThan(500);
  // A real PNG is still accepted there.
  const ok = await page.request.post('/api/receipts', {
    headers: { 'content-type': 'image/png', 'x-file-name': 'ok.png' },
    data: PNG,
  });
  expect(ok.status()).toBeLessThan(300);
});
