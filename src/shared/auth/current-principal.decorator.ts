import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal.js';

export const PRINCIPAL_KEY = 'principal';

/** Injects the verified caller; only on routes the auth guard protects. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<{ [PRINCIPAL_KEY]?: Principal }>();
  const principal = request[PRINCIPAL_KEY];
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
