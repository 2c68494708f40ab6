import type { Page } from 'playwright-core';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Expenses', level: 1 }).waitFor();
}

/** Carol starts a hotel expense and attaches a 2.5 MB photo of the folio. */
export default async function flow({
  page,
  snapshot,
}: {
  page: Page;
  snapshot: (label: string) => Promise<void>;
}): Promise<void> {
  await signIn(page, 'carol@expensely.test');
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill('Harbor Hotel');
  await page.getByLabel('Amount').fill('412.80');
  await page.getByLabel('Category').selectOption('Lodging');
  await page.getByLabel('Date').fill('2025-03-12');
  const photo = Buffer.alloc(Math.round(2.5 * 1024 * 1024), 0x20);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(photo, 0);
  await page.getByLabel('Receipt').setInputFiles({
    name: 'hotel-folio.jpg',
    mimeType: 'image/jpeg',
    buffer: photo,
  });
  await page.getByText(/Uploading…|PNG, JPEG, WebP or PDF/).waitFor();
  await snapshot('after choosing a 2.5 MB receipt photo');
}
