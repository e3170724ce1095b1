import { signal } from '@preact/signals';
import createClient from 'openapi-fetch';
import { ApiProblem } from './problem.js';
import type { components, paths } from './tessera-api.js';

export type User = components['schemas']['UserResponse'];

/** Who is signed in: undefined until known, null when no one. */
export const currentUser = signal<User | null | undefined>(undefined);

/** Session calls go out without `call`'s renewal, which is built on them. */
const auth = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
let renewing: Promise<boolean> | undefined;

/** Learns who is signed in, renewing an expired access cookie on the way. */
export async function loadSession(): Promise<void> {
  try {
    const me = await auth.GET('/api/users/me');
    if (me.data) currentUser.value = me.data;
    else if (me.response.status === 401 && (await renewSession())) return;
    else currentUser.value = null;
  } catch {
    currentUser.value = null;
  }
}

export async function signIn(email: string, password: string): Promise<User> {
  const { data, error, response } = await auth.POST('/api/auth/browser/login', { body: { email, password } });
  if (!data) throw ApiProblem.from(response, error);
  currentUser.value = data.user;
  return data.user;
}

export async function signOut(): Promise<void> {
  await auth.POST('/api/auth/browser/logout', {}).catch(() => undefined);
  currentUser.value = null;
}

/**
 * Exchanges the refresh cookie for new cookies; false when the session has ended. One renewal at a time, across
 * every tab of the site (Web Locks): a refresh token is good once, and a second tab spending the same one would end
 * the session for both. A tab that waited checks first whether another one renewed already.
 */
export function renewSession(): Promise<boolean> {
  renewing ??= (navigator.locks ? navigator.locks.request('tessera-session', renewOnce) : renewOnce()).finally(
    () => (renewing = undefined),
  );
  return renewing;
}

async function renewOnce(): Promise<boolean> {
  try {
    const me = await auth.GET('/api/users/me');
    if (me.data) {
      currentUser.value = me.data;
      return true;
    }
    const { data } = await auth.POST('/api/auth/browser/refresh', {});
    currentUser.value = data?.user ?? null;
    return data !== undefined;
  } catch {
    return false;
  }
}

export function isAdmin(user: User | null | undefined): boolean {
  return user?.roles.includes('admin') ?? false;
}
