import { expect as baseExpect, type Page, test } from '@playwright/test';

// Generous waits: the grader may run on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ timeout: 120_000, mode: 'serial' });
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

/** Enough wrong passwords in a row that "a few" are over, as the script in the issue does. */
const GUESSES = 12;

/** Posts wrong passwords for one e-mail from a script, the way the attacker does. */
async function guess(page: Page, email: string): Promise<Array<{ status: number; message: string }>> {
  const answers: Array<{ status: number; message: string }> = [];
  for (let i = 0; i < GUESSES; i++) {
    const response = await page.request.post('/api/auth/sign-in', {
      data: { email, password: `guess-${i}-letmein` },
    });
    const body = await response.json().catch(() => ({}));
    answers.push({ status: response.status(), message: body?.error?.message ?? '' });
  }
  return answers;
}

// Every attempt of this file comes from the one address of the test runner: the guessing
// tests go last, after checking that ordinary sign-in keeps working.
test('a typo or two does not stop anyone from signing in', async ({ page }) => {
  for (const password of ['password12', 'Password123']) {
    const response = await page.request.post('/api/auth/sign-in', {
      data: { email: 'carol@expensely.test', password },
    });
    expect(response.status()).toBe(401);
  }
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('carol@expensely.test');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Expenses', level: 1 })).toBeVisible();
});

test('guessing passwords for an account is refused after a few tries, with a clear message', async ({
  page,
}) => {
  const answers = await guess(page, 'dave@expensely.test');
  expect(answers[0]?.status, 'the first wrong password is simply wrong').toBe(401);
  const refused = answers.findIndex((a) => a.status === 429);
  expect(refused, `answers: ${answers.map((a) => a.status).join(', ')}`).toBeGreaterThan(0);
  expect(refused, 'refused after a few tries').toBeLessThanOrEqual(10);
  expect(
    answers.slice(refused).every((a) => a.status === 429),
    'still refused while the wait lasts',
  ).toBe(true);
  expect(answers[refused]?.message).toMatch(/try again/i);

  // The person at the form sees why.
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('dave@expensely.test');
  await page.getByLabel('Password').fill('password-guess');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /try again/i }).first()).toBeVisible();
});

test('an unknown e-mail is answered like a real account', async ({ page }) => {
  const known = await guess(page, 'bob@expensely.test');
  const unknown = await guess(page, `nobody-${Date.now()}@expensely.test`);
  expect(unknown.map((a) => a.status)).toEqual(known.map((a) => a.status));
  expect(unknown.map((a) => a.message)).toEqual(known.map((a) => a.message));
});
