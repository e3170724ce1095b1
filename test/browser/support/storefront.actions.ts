import type { Page } from 'playwright-core';

/** A new customer, signed up and signed in through the storefront's own form. */
export async function signUp(page: Page, name = 'Ada Lovelace'): Promise<{ email: string; password: string }> {
  const email = `browser-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const password = 'correct horse battery';
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('link', { name: 'My orders', exact: true }).waitFor();
  return { email, password };
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Fills the checkout's address and places the order; resolves on the order's own page. */
export async function checkOut(page: Page): Promise<string> {
  await page.getByRole('link', { name: /^Cart/ }).click();
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.getByLabel('Address', { exact: true }).fill('12 St James Square');
  await page.getByLabel('City').fill('London');
  await page.getByLabel('Postal code').fill('SW1Y 4JH');
  await page.getByLabel('Country (2 letters)').fill('gb');
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
  return page.url().split('/').at(-1)!;
}
