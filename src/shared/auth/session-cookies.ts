import { parseCookie, type SetCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../errors/application.errors.js';

/**
 * A browser's session: the access token and the refresh token in cookies that no script can read (`HttpOnly`), that
 * the browser sends to this site only (`SameSite=Strict`), and over HTTPS only when the request came over HTTPS. `users`
 * sets them at sign-in; every process's guard reads the access cookie when no `Authorization` header is sent.
 */
export const ACCESS_COOKIE = 'tessera_access';
export const REFRESH_COOKIE = 'tessera_refresh';
/** The refresh token travels only to the routes that spend it. */
export const REFRESH_COOKIE_PATH = '/api/auth/browser';

export interface SessionTokens {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly refreshToken: string;
  readonly refreshExpiresIn: number;
}

export function setSessionCookies(request: FastifyRequest, reply: FastifyReply, tokens: SessionTokens): void {
  const secure = request.protocol === 'https';
  void reply
    .header('set-cookie', sessionCookie(ACCESS_COOKIE, tokens.accessToken, '/', tokens.expiresIn, secure))
    .header(
      'set-cookie',
      sessionCookie(REFRESH_COOKIE, tokens.refreshToken, REFRESH_COOKIE_PATH, tokens.refreshExpiresIn, secure),
    );
}

/** Tells the browser to forget both cookies (an expired, empty value on the same name and path). */
export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply): void {
  const secure = request.protocol === 'https';
  void reply
    .header('set-cookie', sessionCookie(ACCESS_COOKIE, '', '/', 0, secure))
    .header('set-cookie', sessionCookie(REFRESH_COOKIE, '', REFRESH_COOKIE_PATH, 0, secure));
}

/** Methods a page of another site could make a browser send with this site's cookies, were SameSite not enough. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a request that would change something with the browser session but comes from another site's page.
 * SameSite=Strict already keeps the cookies off such requests in every current browser; browsers also say where a
 * request comes from (`Sec-Fetch-Site`), and this checks it, for older browsers and for sign-in itself.
 */
export function refuseCrossSite(request: { method: string; headers: Record<string, string | string[] | undefined> }) {
  const site = request.headers['sec-fetch-site'];
  if (!SAFE_METHODS.has(request.method) && site !== undefined && site !== 'same-origin')
    throw new ForbiddenError(
      `A ${String(site)} request cannot act with the browser session; send "Authorization: Bearer <token>" instead.`,
    );
}

/** The value of one of the request's cookies. */
export function cookieValue(header: string | string[] | undefined, name: string): string | undefined {
  if (typeof header !== 'string' || !header.includes(name)) return undefined;
  return parseCookie(header)[name] || undefined;
}

function sessionCookie(name: string, value: string, path: string, maxAge: number, secure: boolean): string {
  const cookie: SetCookie = { name, value, path, maxAge, httpOnly: true, sameSite: 'strict', secure };
  return stringifySetCookie(cookie);
}
