import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthorizedError } from '../errors/application.errors.js';
import { AccessTokenService } from './access-token.service.js';
import { PRINCIPAL_KEY } from './current-principal.decorator.js';
import type { Principal } from './principal.js';
import { IS_PUBLIC } from './public.decorator.js';
import type { Role } from './role.js';
import { REQUIRED_ROLES } from './roles.decorator.js';
import { ACCESS_COOKIE, cookieValue, refuseCrossSite } from './session-cookies.js';
import { SERVICE_ONLY } from './service-only.decorator.js';
import { ServiceTokenService } from './service-token.service.js';

interface AuthenticatedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  [PRINCIPAL_KEY]?: Principal;
}

/**
 * Deny by default: a route is reachable anonymously only when marked `@Public()`.
 * The access token comes as a bearer token or, from a browser, in the session
 * cookie (see session-cookies.ts). A valid one on a public route still
 * identifies the caller; an invalid or expired one is ignored there, never refused.
 * `@ServiceOnly()` routes take service tokens and nothing else. A public route
 * may check a credential of its own (the metrics scrape token): one that is
 * not an access token is ignored here.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
    private readonly serviceTokens: ServiceTokenService,
  ) {}

  /** A route's decorators are fixed once the app is built: read them once per handler, not on every request. */
  private readonly policies = new WeakMap<object, WeakMap<object, RoutePolicy>>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const { isPublic, serviceOnly, roles } = this.policyOf(context);
    // The request is the first handler argument (what switchToHttp().getRequest() returns, without building its helper object per call).
    const request = context.getArgByIndex<AuthenticatedRequest>(0);
    if (serviceOnly) {
      const header = request.headers['authorization'];
      this.serviceTokens.verify(typeof header === 'string' ? header : undefined, {
        method: request.method,
        target: request.url,
      });
      return true;
    }
    if (isPublic) {
      // A stale or broken token must not lock a client out of signing in again: public routes answer it anonymously.
      try {
        const token = credentialOf(request);
        if (token !== undefined) request[PRINCIPAL_KEY] = this.tokens.verify(token);
      } catch (error) {
        // A cross-site request's cookie is set aside here too: it is answered as anyone's would be.
        if (!(error instanceof UnauthorizedError) && !(error instanceof ForbiddenError)) throw error;
      }
      return true;
    }
    const token = credentialOf(request);
    if (token === undefined)
      throw new UnauthorizedError(
        'This route needs an access token: send "Authorization: Bearer <token>", or sign in in the browser.',
      );
    const principal = this.tokens.verify(token);
    request[PRINCIPAL_KEY] = principal;
    if (roles && !roles.some((role) => principal.roles.includes(role))) {
      throw new ForbiddenError(`This route is for ${roles.join(' or ')} accounts only.`);
    }
    return true;
  }

  private policyOf(context: ExecutionContext): RoutePolicy {
    // By class, then handler: an inherited handler can sit under controllers with different class-level decorators.
    const controller = context.getClass();
    const handler = context.getHandler();
    let byHandler = this.policies.get(controller);
    if (byHandler === undefined) this.policies.set(controller, (byHandler = new WeakMap()));
    let policy = byHandler.get(handler);
    if (policy === undefined) {
      const targets = [handler, controller];
      policy = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false,
        serviceOnly: this.reflector.getAllAndOverride<boolean>(SERVICE_ONLY, targets) ?? false,
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets),
      };
      byHandler.set(handler, policy);
    }
    return policy;
  }
}

interface RoutePolicy {
  readonly isPublic: boolean;
  readonly serviceOnly: boolean;
  readonly roles: readonly Role[] | undefined;
}

/** The bearer token, else the browser's session cookie, which another site's page cannot act with. */
function credentialOf(request: AuthenticatedRequest): string | undefined {
  const bearer = bearerToken(request.headers['authorization']);
  if (bearer !== undefined) return bearer;
  const cookie = cookieValue(request.headers['cookie'], ACCESS_COOKIE);
  if (cookie !== undefined) refuseCrossSite(request);
  return cookie;
}

function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthorizedError('The Authorization header must be "Bearer <token>".');
  return match[1];
}
