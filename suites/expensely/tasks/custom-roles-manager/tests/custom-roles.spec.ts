import {
  type APIRequestContext,
  expect as baseExpect,
  type Browser,
  type Page,
  test,
} from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 300_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

const ALL_PERMISSIONS = [
  'View all expenses',
  'View all reports',
  'Approve reports',
  'Reimburse reports',
  'Manage members',
  'Manage settings',
  'View audit log',
];

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

async function call(api: APIRequestContext, method: 'post' | 'patch', path: string, data = {}) {
  const response = await api[method](path, { data });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(
    true,
  );
  return response.json();
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
}

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

/** A workspace of its own for each test (Alice is its admin), with members in today's roles. */
async function freshWorkspace(
  browser: Browser,
  tag: string,
  members: Array<[email: string, role: 'admin' | 'approver' | 'member']>,
): Promise<{ id: number; alice: APIRequestContext }> {
  const alice = await apiAs(browser, 'alice@expensely.test');
  const workspace = await call(alice, 'post', '/api/workspaces', {
    name: `Roles ${tag}`,
    currency: 'USD',
  });
  for (const [email, role] of members) {
    await call(alice, 'post', `/api/workspaces/${workspace.id}/members`, { email, role });
  }
  return { id: workspace.id as number, alice };
}

/** Carol's submitted report of one $42.00 expense in the workspace; returns its id. */
async function carolsSubmittedReport(browser: Browser, workspaceId: number, tag: string) {
  const carol = await apiAs(browser, 'carol@expensely.test');
  const expense = await call(carol, 'post', `/api/workspaces/${workspaceId}/expenses`, {
    merchant: `Taxi ${tag}`,
    amountMinor: 4200,
    currency: 'USD',
    category: 'Transport',
    date: '2025-03-03',
    description: '',
    receiptId: null,
  });
  const report = await call(carol, 'post', `/api/workspaces/${workspaceId}/reports`, {
    title: `Trip ${tag}`,
    expenseIds: [expense.id],
  });
  await call(carol, 'post', `/api/reports/${report.id}/submit`);
  return { carol, reportId: report.id as number, expenseId: expense.id as number };
}

async function createRole(page: Page, workspaceId: number, name: string, permissions: string[]) {
  await page.goto(`/workspaces/${workspaceId}/roles`);
  const form = page.getByRole('form', { name: 'New role' });
  await form.getByLabel('Role name').fill(name);
  for (const permission of permissions) await form.getByLabel(permission).check();
  await form.getByRole('button', { name: 'Create role' }).click();
  await expect(page.getByRole('form', { name: `Role ${name}` })).toBeVisible();
}

async function assignRole(page: Page, workspaceId: number, member: string, role: string) {
  await page.goto(`/workspaces/${workspaceId}/members`);
  await page.getByLabel(`Role for ${member}`).selectOption({ label: role });
  await page.reload();
  await expect(page.getByLabel(`Role for ${member}`).locator('option:checked')).toHaveText(role);
}

test('nobody approves their own report, whatever their role', async ({ browser, page }) => {
  const tag = unique();
  const { id } = await freshWorkspace(browser, tag, [['carol@expensely.test', 'member']]);
  await signIn(page, 'alice@expensely.test');
  await page.goto(`/workspaces/${id}/roles`);
  const everything = `Everything ${tag}`;
  const form = page.getByRole('form', { name: 'New role' });
  await form.getByLabel('Role name').fill(everything);
  const boxes = form.getByRole('checkbox');
  await expect(boxes.first()).toBeVisible();
  for (const box of await boxes.all()) await box.check();
  await form.getByRole('button', { name: 'Create role' }).click();
  await expect(page.getByRole('form', { name: `Role ${everything}` })).toBeVisible();
  await assignRole(page, id, 'Carol Smith', everything);

  const { carol, reportId } = await carolsSubmittedReport(browser, id, tag);
  const carolsPage = await signedInPage(browser, 'carol@expensely.test');
  await carolsPage.goto(`/workspaces/${id}/reports/${reportId}`);
  await expect(carolsPage.getByText('Awaiting approval').first()).toBeVisible();
  await expect(carolsPage.getByRole('button', { name: 'Reopen as draft' })).toBeVisible();
  await expect(carolsPage.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  const approve = await carol.post(`/api/reports/${reportId}/approve`);
  expect(approve.status()).toBe(403);
  const report = await (await carol.get(`/api/reports/${reportId}`)).json();
  expect(report.status).toBe('submitted');
});

test('roles are renamed and deleted, and the workspace always keeps a member manager', async ({
  browser,
  page,
}) => {
  const tag = unique();
  const { id } = await freshWorkspace(browser, tag, [['bob@expensely.test', 'member']]);
  await signIn(page, 'alice@expensely.test');

  // Taking "Manage members" from the only role that has it would lock everyone out.
  await page.goto(`/workspaces/${id}/roles`);
  const admin = page.getByRole('form', { name: 'Role Admin' });
  await admin.getByLabel('Manage members').uncheck();
  await admin.getByRole('button', { name: 'Save role' }).click();
  await expect(admin.getByRole('alert')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('form', { name: 'Role Admin' }).getByLabel('Manage members')).toBeChecked();
  await page.goto(`/workspaces/${id}/members`);
  await page.getByLabel('Role for Alice Nguyen').selectOption({ label: 'Member' });
  await expect(page.getByRole('alert')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('form', { name: 'Invite a member' })).toBeVisible();

  // A role is renamed (its members follow) and, once unassigned, deleted.
  const name = `Reviewer ${tag}`;
  await createRole(page, id, name, ['View all reports']);
  await assignRole(page, id, 'Bob Martinez', name);
  await page.goto(`/workspaces/${id}/roles`);
  const reviewer = page.getByRole('form', { name: `Role ${name}` });
  await reviewer.getByLabel('Role name').fill(`Senior ${name}`);
  await reviewer.getByRole('button', { name: 'Save role' }).click();
  await expect(page.getByRole('form', { name: `Role Senior ${name}` })).toBeVisible();
  await page.goto(`/workspaces/${id}/members`);
  const bobsRole = page.getByLabel('Role for Bob Martinez');
  await expect(bobsRole.locator('option:checked')).toHaveText(`Senior ${name}`);
  await assignRole(page, id, 'Bob Martinez', 'Member');
  await page.goto(`/workspaces/${id}/roles`);
  await page
    .getByRole('form', { name: `Role Senior ${name}` })
    .getByRole('button', { name: 'Delete role' })
    .click();
  await expect(page.getByRole('form', { name: `Role Senior ${name}` })).toHaveCount(0);
  await page.goto(`/workspaces/${id}/members`);
  await expect(page.getByLabel('Role for Bob Martinez').getByRole('option')).toHaveText([
    'Admin',
    'Approver',
    'Member',
  ]);
});

test('a finance clerk reimburses approved reports and can do nothing more', async ({
  browser,
  page,
}) => {
  const tag = unique();
  const { id, alice } = await freshWorkspace(browser, tag, [
    ['carol@expensely.test', 'member'],
    ['dave@expensely.test', 'member'],
  ]);
  const { reportId } = await carolsSubmittedReport(browser, id, tag);
  await call(alice, 'post', `/api/reports/${reportId}/approve`);

  await signIn(page, 'alice@expensely.test');
  await createRole(page, id, `Finance clerk ${tag}`, ['View all reports', 'Reimburse reports']);
  await assignRole(page, id, 'Dave Johnson', `Finance clerk ${tag}`);

  const dave = await signedInPage(browser, 'dave@expensely.test');
  await dave.goto(`/workspaces/${id}/reports/${reportId}`);
  await dave.getByRole('button', { name: 'Reimburse' }).click();
  await dave.getByRole('button', { name: 'Pay $42.00' }).click();
  await expect(dave.getByText('Reimbursed').first()).toBeVisible();

  const nav = dave.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Members' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Workspace settings' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Roles' })).toHaveCount(0);
  await dave.goto(`/workspaces/${id}/members`);
  await expect(dave.getByRole('cell', { name: 'Carol Smith' })).toBeVisible();
  await expect(dave.getByRole('form', { name: 'Invite a member' })).toHaveCount(0);
  const api = dave.request;
  expect((await api.patch(`/api/workspaces/${id}`, { data: { name: 'Clerk Inc.' } })).status()).toBe(
    403,
  );
  const invite = { email: 'frank@expensely.test', role: 'admin' };
  expect((await api.post(`/api/workspaces/${id}/members`, { data: invite })).status()).toBe(403);
  expect((await api.get(`/api/workspaces/${id}/expenses?scope=all`)).status()).toBe(403);
});

test('a team lead approves without seeing everyone’s expenses; an auditor only reads the log', async ({
  browser,
  page,
}) => {
  const tag = unique();
  const { id } = await freshWorkspace(browser, tag, [
    ['bob@expensely.test', 'member'],
    ['carol@expensely.test', 'member'],
    ['dave@expensely.test', 'member'],
  ]);
  const { reportId, expenseId } = await carolsSubmittedReport(browser, id, tag);

  await signIn(page, 'alice@expensely.test');
  await createRole(page, id, `Team lead ${tag}`, ['View all reports', 'Approve reports']);
  await createRole(page, id, `Auditor ${tag}`, ['View audit log']);
  await assignRole(page, id, 'Bob Martinez', `Team lead ${tag}`);
  await assignRole(page, id, 'Dave Johnson', `Auditor ${tag}`);

  const bob = await signedInPage(browser, 'bob@expensely.test');
  await bob.goto(`/workspaces/${id}/reports/${reportId}`);
  await bob.getByRole('button', { name: 'Approve' }).click();
  await expect(bob.getByText('Approved').first()).toBeVisible();
  expect((await bob.request.get(`/api/workspaces/${id}/expenses?scope=all`)).status()).toBe(403);
  expect((await bob.request.get(`/api/expenses/${expenseId}`)).status()).toBe(404);
  expect((await bob.request.get(`/api/workspaces/${id}/audit`)).status()).toBe(403);

  const dave = await signedInPage(browser, 'dave@expensely.test');
  await dave.goto(`/workspaces/${id}/expenses`);
  await dave
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Audit log' })
    .click();
  await expect(dave.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  await expect(dave.getByRole('table').getByText('report.approved').first()).toBeVisible();
  expect((await dave.request.get(`/api/reports/${reportId}`)).status()).toBe(404);
  expect((await dave.request.get(`/api/workspaces/${id}/members`)).status()).toBe(200);
});

test("today's roles keep exactly today's access", async ({ browser, page }) => {
  await signIn(page, 'alice@expensely.test');
  await page.goto('/workspaces/1/roles');
  const granted = async (role: string) => {
    const form = page.getByRole('form', { name: `Role ${role}` });
    await expect(form.getByLabel('Manage members')).toBeVisible();
    const ticked: string[] = [];
    for (const permission of ALL_PERMISSIONS) {
      if (await form.getByLabel(permission).isChecked()) ticked.push(permission);
    }
    return ticked;
  };
  expect(await granted('Admin')).toEqual(ALL_PERMISSIONS);
  expect(await granted('Approver')).toEqual([
    'View all expenses',
    'View all reports',
    'Approve reports',
  ]);
  expect(await granted('Member')).toEqual([]);

  const bob = await apiAs(browser, 'bob@expensely.test');
  expect((await bob.get('/api/workspaces/1/expenses?scope=all')).status()).toBe(200);
  expect((await bob.get('/api/workspaces/1/audit')).status()).toBe(403);
  expect((await bob.patch('/api/workspaces/1', { data: { name: 'Bob Inc.' } })).status()).toBe(403);
  const carol = await apiAs(browser, 'carol@expensely.test');
  expect((await carol.get('/api/workspaces/1/expenses?scope=all')).status()).toBe(403);
});
