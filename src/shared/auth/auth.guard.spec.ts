import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { ForbiddenError, UnauthorizedError } from '../errors/application.errors.js';
import { AccessTokenService } from './access-token.service.js';
import { AuthGuard } from './auth.guard.js';
import { PRINCIPAL_KEY } from './current-principal.decorator.js';
import { Public } from './public.decorator.js';
import { Roles } from './roles.decorator.js';
import { ServiceTokenService } from './service-token.service.js';

const tokens = new AccessTokenService('a-test-secret-that-is-long-enough-1234', 900);
const customer = tokens.issue({
  userId: '0190b1e2-7c4a-7def-8abc-0123456789ab',
  email: 'c@example.com',
  roles: ['customer'],
}).accessToken;

// One handler, inherited by two controllers whose class-level decorators differ.
class BaseController {
  list(): void {}
}
@Public()
class OpenController extends BaseController {}
class ClosedController extends BaseController {}
@Roles('admin')
class AdminController extends BaseController {}

function contextFor(controller: new () => BaseController, handler: 'list', authorization?: string) {
  const request: Record<string | symbol, unknown> = {
    method: 'GET',
    url: '/x',
    headers: authorization ? { authorization: `Bearer ${authorization}` } : {},
  };
  const context = new ExecutionContextHost([request, {}], controller, controller.prototype[handler]);
  context.setType('http');
  return { context, request };
}

describe('AuthGuard', () => {
  const guard = new AuthGuard(new Reflector(), tokens, new ServiceTokenService(undefined));

  it('reads each route policy by controller and handler, so an inherited handler follows the class it is served from', () => {
    // Asked twice each, in turns, so a policy remembered for one controller cannot leak into another.
    for (let round = 0; round < 2; round++) {
      expect(guard.canActivate(contextFor(OpenController, 'list').context)).toBe(true);
      expect(() => guard.canActivate(contextFor(ClosedController, 'list').context)).toThrow(UnauthorizedError);
      expect(guard.canActivate(contextFor(ClosedController, 'list', customer).context)).toBe(true);
      expect(() => guard.canActivate(contextFor(AdminController, 'list', customer).context)).toThrow(ForbiddenError);
    }
  });

  it('identifies a caller on a public route', () => {
    const { context, request } = contextFor(OpenController, 'list', customer);
    guard.canActivate(context);
    expect(request[PRINCIPAL_KEY]).toMatchObject({ email: 'c@example.com', roles: ['customer'] });
  });
});
