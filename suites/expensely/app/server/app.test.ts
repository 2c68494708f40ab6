import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createApp } from './app.ts';
import { SEED_PASSWORD } from './db/seed-data.ts';
import { seededEnv, type TestEnv } from './testing/fixtures.ts';

describe('HTTP API', () => {
  let env: TestEnv;
  let base: string;
  let close: () => Promise<void>;

  before(async () => {
    env = seededEnv();
    const server = createApp({ services: env.services, staticDir: undefined, log: () => {} });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  after(async () => {
    await close();
    env.cleanup();
  });

  async function signIn(email: string): Promise<string> {
    const response = await fetch(`${base}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: SEED_PASSWORD }),
    });
    assert.equal(response.status, 200);
    const cookie = response.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/);
    return cookie.split(';')[0] ?? '';
  }

  it('answers the health check', async () => {
    const response = await fetch(`${base}/health`);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status: string }).status, 'ok');
  });

  it('needs a session for the API', async () => {
    const session = await fetch(`${base}/api/session`);
    assert.equal(session.status, 200);
    assert.equal(await session.json(), null);
    const response = await fetch(`${base}/api/workspaces`);
    assert.equal(response.status, 401);
  });

  it('refuses a wrong password with one message for every case', async () => {
    const response = await fetch(`${base}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'carol@expensely.test', password: 'nope' }),
    });
    assert.equal(response.status, 401);
    const body = (await response.json()) as { error: { message: string } };
    assert.equal(body.error.message, 'Incorrect email or password');
  });

  it('signs in, lists expenses and creates one', async () => {
    const cookie = await signIn('carol@expensely.test');
    const session = (await (
      await fetch(`${base}/api/session`, { headers: { cookie } })
    ).json()) as {
      user: { name: string };
      today: string;
    };
    assert.equal(session.user.name, 'Carol Smith');
    assert.equal(session.today, '2025-03-15');
    const list = await fetch(`${base}/api/workspaces/1/expenses?category=Meals&pageSize=5`, {
      headers: { cookie },
    });
    const page = (await list.json()) as { items: Array<{ category: string }>; pageSize: number };
    assert.equal(page.pageSize, 5);
    assert.ok(page.items.every((e) => e.category === 'Meals'));
    const created = await fetch(`${base}/api/workspaces/1/expenses`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        merchant: 'Bagel Place',
        amountMinor: 899,
        currency: 'USD',
        category: 'Meals',
        date: '2025-03-15',
      }),
    });
    assert.equal(created.status, 201);
  });

  it('names the bad query parameter', async () => {
    const cookie = await signIn('carol@expensely.test');
    const response = await fetch(`${base}/api/workspaces/1/expenses?from=2025-13-01`, {
      headers: { cookie },
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { message: string } };
    assert.equal(body.error.message, 'from must be a date in YYYY-MM-DD format');
  });

  it('exports CSV with quoted fields', async () => {
    const cookie = await signIn('carol@expensely.test');
    const response = await fetch(`${base}/api/workspaces/1/exports/expenses.csv?q=Chicago`, {
      headers: { cookie },
    });
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    const lines = (await response.text()).trim().split('\r\n');
    assert.equal(lines[0]?.startsWith('Date,Merchant,Category,Amount'), true);
    assert.ok(lines.some((l) => l.includes('"Two nights, client visit"')));
  });

  it('hides workspaces the user does not belong to', async () => {
    const cookie = await signIn('frank@expensely.test');
    const response = await fetch(`${base}/api/workspaces/1/expenses`, { headers: { cookie } });
    assert.equal(response.status, 404);
  });

  it('rejects cross-origin writes', async () => {
    const cookie = await signIn('carol@expensely.test');
    const response = await fetch(`${base}/api/auth/sign-out`, {
      method: 'POST',
      headers: { cookie, origin: 'http://evil.example' },
    });
    assert.equal(response.status, 403);
  });
});
