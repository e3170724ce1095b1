import createClient from 'openapi-fetch';
import { ApiProblem } from './problem.js';
import { renewSession } from './session.js';
import type { paths } from './tessera-api.js';

/** The API, typed from docs/openapi.json; the browser session rides in its HttpOnly cookies. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

interface Answer<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/**
 * Sends a call and returns its data, or throws the API's problem. An access token that expired meanwhile (401) is
 * renewed once, through the refresh cookie, and the call sent again.
 */
export async function call<T>(send: () => Promise<Answer<T>>): Promise<T> {
  let answer = await reach(send);
  if (answer.response.status === 401 && (await renewSession())) answer = await reach(send);
  if (!answer.response.ok) throw ApiProblem.from(answer.response, answer.error);
  return answer.data as T;
}

async function reach<T>(send: () => Promise<Answer<T>>): Promise<Answer<T>> {
  try {
    return await send();
  } catch {
    throw ApiProblem.unreachable();
  }
}
