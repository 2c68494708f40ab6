import {
  type APIRequestContext,
  expect as baseExpect,
  type Browser,
  type Locator,
  type Page,
  test,
} from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 240_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

/** A thread longer than any one page should be. */
const COMMENTS = 130;
/** Opening the report (or acting on it) may fetch at most this many of its comments. */
const MOST_FETCHED = 100;

function unique(): string {
  return `${test.info().testId.slice(0, 4)}${Date.now() % 1_000_000}`;
}

async function apiAs(browser: Browser, email: string): Promise<APIRequestContext> {
  const context = await browser.newContext();
  const response = await context.request.post('/api/auth/sign-in', {
    data: { email, password: 'password123' },
  });
  expect(response.ok(), `${email} signs in`).toBe(true);
  return context.request;
}

async function call(api: APIRequestContext, path: string, data: unknown = {}): Promise<any> {
  const response = await api.post(path, { data });
  expect(response.ok(), `POST ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.json();
}

const note = (tag: string, n: number) => `Note ${String(n).padStart(3, '0')} ${tag}`;

/** Carol's submitted travel report with a long discussion, numbered oldest to newest. */
async function reportWithLongThread(carol: APIRequestContext, tag: string): Promise<number> {
  const expense = await call(carol, '/api/workspaces/1/expenses', {
    merchant: `Thread taxi ${tag}`,
    amountMinor: 3100,
    currency: 'USD',
    category: 'Transport',
    date: '2025-03-06',
    description: '',
    receiptId: null,
  });
  const report = await call(carol, '/api/workspaces/1/reports', {
    title: `Long thread ${tag}`,
    expenseIds: [expense.id],
  });
  for (let n = 1; n <= COMMENTS; n++) {
    await call(carol, `/api/reports/${report.id}/comments`, { body: note(tag, n) });
  }
  await call(carol, `/api/reports/${report.id}/submit`);
  return report.id as number;
}

/** How many different comments of the thread the API responses carried. */
function commentsIn(bodies: string[], tag: string): number {
  const found = new Set<string>();
  for (const body of bodies) {
    for (const match of body.matchAll(new RegExp(`Note \\d{3} ${tag}`, 'g'))) found.add(match[0]);
  }
  return found.size;
}

/** Records the bodies of the API responses the page receives from now on. */
function recordApi(page: Page): { bodies: string[]; settled(): Promise<void> } {
  const bodies: string[] = [];
  const pending: Promise<unknown>[] = [];
  page.on('response', (response) => {
    if (!response.url().includes('/api/')) return;
    pending.push(
      response
        .text()
        .then((text) => bodies.push(text))
        .catch(() => {}),
    );
  });
  return { bodies, settled: () => Promise.all(pending).then(() => {}) };
}

async function shownNotes(thread: Locator, tag: string): Promise<string[]> {
  return thread.getByText(new RegExp(`^Note \\d{3} ${tag}$`)).allTextContents();
}

test('a long thread opens with its latest comments and loads older ones once each', async ({
  browser,
  page,
}) => {
  const tag = unique();
  const carol = await apiAs(browser, 'carol@expensely.test');
  const reportId = await reportWithLongThread(carol, tag);

  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('bob@expensely.test');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();

  const opening = recordApi(page);
  await page.goto(`/workspaces/1/reports/${reportId}`);
  const thread = page.getByRole('region', { name: 'Comments' });
  await expect(thread.getByText(note(tag, COMMENTS), { exact: true })).toBeVisible();
  await opening.settled();
  expect(
    commentsIn(opening.bodies, tag),
    'comments fetched to open the report',
  ).toBeLessThanOrEqual(MOST_FETCHED);
  await expect(thread.getByText(note(tag, 1), { exact: true })).toHaveCount(0);

  // Carol keeps commenting while Bob reads back.
  await call(carol, `/api/reports/${reportId}/comments`, { body: note(tag, COMMENTS + 1) });

  const timesShown = new Map<string, number>();
  let previous = await shownNotes(thread, tag);
  for (const text of previous) timesShown.set(text, (timesShown.get(text) ?? 0) + 1);
  for (let turn = 0; turn < 20; turn++) {
    const older = thread.getByRole('button', { name: /older|earlier|next/i });
    if ((await older.count()) === 0 || (await older.first().isDisabled())) break;
    await older.first().click();
    let current = previous;
    await expect
      .poll(async () => {
        current = await shownNotes(thread, tag);
        return current.join('|');
      })
      .not.toBe(previous.join('|'));
    // Either older comments join those shown, or they replace them (a page at a time).
    const kept = previous.every((text) => current.includes(text));
    const newlyShown = kept ? current.filter((text) => !previous.includes(text)) : current;
    for (const text of newlyShown) timesShown.set(text, (timesShown.get(text) ?? 0) + 1);
    previous = current;
  }
  for (let n = 1; n <= COMMENTS; n++) {
    expect(timesShown.get(note(tag, n)) ?? 0, `${note(tag, n)} shown once`).toBe(1);
  }

  // Bob's own comment appears right away.
  const mine = `Question from Bob ${tag}`;
  await thread.getByRole('textbox', { name: 'Add a comment' }).fill(mine);
  await thread.getByRole('button', { name: 'Post comment' }).click();
  await expect(thread.getByText(mine)).toBeVisible();

  // Deciding does not ship the whole thread again.
  const deciding = recordApi(page);
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status').getByText('Report approved')).toBeVisible();
  await deciding.settled();
  expect(commentsIn(deciding.bodies, tag), 'comments fetched by approving').toBeLessThanOrEqual(
    MOST_FETCHED,
  );
});
