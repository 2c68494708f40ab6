import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect as baseExpect, type Browser, type Page, test } from '@playwright/test';

// Grading lets these tests restart the server (SWELANCER_RESTART_URL) with the variables they
// choose, e.g. a clock a few days later: what is removed "eventually" shows at a later start.
// They read the server's data folder, never change it (SWELANCER_APP_DIR, read-only).
test.describe.configure({ timeout: 150_000 });
// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

const DATA_DIR = join(process.env.SWELANCER_APP_DIR ?? process.cwd(), 'data');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A small PNG whose content is its own: a file on disk per distinct content. */
function png(label: string): { name: string; mimeType: string; buffer: Buffer } {
  const buffer = Buffer.concat([PNG_SIGNATURE, Buffer.from(`expensely test receipt ${label}`)]);
  return { name: `${label}.png`, mimeType: 'image/png', buffer };
}

function unique(label: string): string {
  return `${label}-${test.info().testId.slice(0, 6)}-${Date.now() % 1_000_000}`;
}

/** Whether any file in the receipts folder holds exactly these bytes. */
function storedOnDisk(bytes: Buffer): boolean {
  const receipts = join(DATA_DIR, 'receipts');
  if (!existsSync(receipts)) return false;
  const wanted = createHash('sha256').update(bytes).digest('hex');
  return readdirSync(receipts).some((name) => name.startsWith(wanted));
}

/** The receipts table's file names, from a copy of the server's database. */
function receiptRowNames(): string[] {
  const live = join(DATA_DIR, 'expensely.db');
  const copy = mkdtempSync(join(tmpdir(), 'expensely-copy-'));
  try {
    for (const suffix of ['', '-wal']) {
      if (existsSync(`${live}${suffix}`)) cpSync(`${live}${suffix}`, join(copy, `copy.db${suffix}`));
    }
    const db = new DatabaseSync(join(copy, 'copy.db'));
    try {
      const rows = db.prepare('SELECT file_name FROM receipts').all() as Array<{ file_name: string }>;
      return rows.map((row) => row.file_name);
    } finally {
      db.close();
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Stops the server and starts it again over the same data, with `env` added. */
async function restartServer(env: Record<string, string>): Promise<void> {
  const url = process.env.SWELANCER_RESTART_URL;
  expect(url, 'grading offers a restart (restartable in task.json)').toBeTruthy();
  const response = await fetch(url as string, {
    method: 'POST',
    body: JSON.stringify({ env: { KEEP_DATA: '1', ...env } }),
  });
  expect(response.status, await response.text()).toBe(200);
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
  return page;
}

/** Fills the New expense form and chooses a receipt (uploaded at once); does not save. */
async function startExpense(
  page: Page,
  merchant: string,
  receipt: ReturnType<typeof png>,
): Promise<void> {
  await page.goto('/workspaces/1/expenses/new');
  await page.getByLabel('Merchant').fill(merchant);
  await page.getByLabel('Amount').fill('120.00');
  await page.getByLabel('Category').selectOption('Lodging');
  await page.getByLabel('Date').fill('2025-03-10');
  await page.getByLabel('Receipt').setInputFiles(receipt);
  await expect(page.getByRole('link', { name: receipt.name })).toBeVisible();
}

async function saveExpense(page: Page, merchant: string): Promise<string> {
  await page.getByRole('button', { name: 'Save expense' }).click();
  await expect(page.getByRole('heading', { name: merchant, level: 1 })).toBeVisible();
  return page.url();
}

/** The receipt of the expense on screen downloads with these bytes. */
async function expectReceipt(
  page: Page,
  expenseUrl: string,
  receipt: ReturnType<typeof png>,
): Promise<void> {
  await page.goto(expenseUrl);
  const link = page.getByRole('link', { name: receipt.name });
  await expect(link).toBeVisible();
  const response = await page.request.get((await link.getAttribute('href')) as string);
  expect(response.status(), 'the attached receipt still opens').toBe(200);
  expect(Buffer.from(await response.body()).equals(receipt.buffer)).toBe(true);
}

test('a receipt chosen in a form still open is kept across a restart', async ({ browser }) => {
  const carol = await signedIn(browser, 'carol@expensely.test');
  const merchant = unique('Hotel Open Form');
  const receipt = png(unique('open-form'));
  await startExpense(carol, merchant, receipt);

  await restartServer({});

  const expenseUrl = await saveExpense(carol, merchant);
  await expectReceipt(carol, expenseUrl, receipt);
});

test('receipts nobody can reach are gone a few days later; shared and attached ones stay', async ({
  browser,
}) => {
  const alice = await signedIn(browser, 'alice@expensely.test');
  const carol = await signedIn(browser, 'carol@expensely.test');
  // The same scanned invoice, uploaded by two people for a shared stay: one file on disk.
  const invoice = png(unique('shared-invoice'));
  const aliceMerchant = unique('Shared Stay Alice');
  await startExpense(alice, aliceMerchant, invoice);
  const aliceExpense = await saveExpense(alice, aliceMerchant);
  const carolsCopy = { ...invoice, name: `${unique('carol-copy')}.png` };
  const carolMerchant = unique('Shared Stay Carol');
  await startExpense(carol, carolMerchant, carolsCopy);
  await saveExpense(carol, carolMerchant);
  // Carol deletes hers: her receipt row is unreachable, the file is still Alice's.
  await carol.getByRole('button', { name: 'Delete', exact: true }).click();
  await carol.getByRole('dialog').getByRole('button', { name: 'Delete expense' }).click();
  await expect(carol.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();

  // Chosen, then the form cancelled.
  const abandoned = png(unique('abandoned'));
  await startExpense(carol, unique('Never Saved'), abandoned);
  await carol.getByRole('button', { name: 'Cancel' }).click();
  await expect(carol.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();

  // Replaced by another file on an expense that stays.
  const replacedMerchant = unique('Replaced Receipt');
  const first = png(unique('first-scan'));
  const second = png(unique('second-scan'));
  await startExpense(carol, replacedMerchant, first);
  const replacedExpense = await saveExpense(carol, replacedMerchant);
  await carol.getByRole('button', { name: 'Edit', exact: true }).click();
  await carol.getByRole('button', { name: 'Remove receipt' }).click();
  await carol.getByLabel('Receipt').setInputFiles(second);
  await expect(carol.getByRole('link', { name: second.name })).toBeVisible();
  await carol.getByRole('button', { name: 'Save changes' }).click();
  await expect(carol.getByRole('heading', { name: replacedMerchant, level: 1 })).toBeVisible();

  // A few days later the server has started again (a deploy, a reboot).
  const later = new Date(Date.now() + 3 * 86_400_000).toISOString();
  await restartServer({ FIXED_NOW: later });

  // Nothing reachable broke: the colleague's copy of the shared invoice, the new scan.
  await expectReceipt(alice, aliceExpense, invoice);
  await expectReceipt(carol, replacedExpense, second);
  const rows = receiptRowNames();
  for (const gone of [abandoned.name, first.name, carolsCopy.name]) {
    expect(rows, `the receipts table no longer has ${gone}`).not.toContain(gone);
  }
  expect(storedOnDisk(abandoned.buffer), 'the abandoned upload left the disk').toBe(false);
  expect(storedOnDisk(first.buffer), 'the replaced receipt left the disk').toBe(false);
  expect(rows).toContain(invoice.name);
  expect(rows).toContain(second.name);
});
