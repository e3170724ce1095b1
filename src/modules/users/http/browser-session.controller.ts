import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  clearSessionCookies,
  cookieValue,
  Public,
  REFRESH_COOKIE,
  refuseCrossSite,
  setSessionCookies,
} from '../../../shared/auth/index.js';
import { UnauthorizedError } from '../../../shared/errors/index.js';
import { EmptyBodyPipe } from '../../../shared/http/body/empty-body.pipe.js';
import { LogInHandler, type SignedIn } from '../application/log-in.handler.js';
import { LogOutHandler } from '../application/log-out.handler.js';
import { RefreshSessionHandler } from '../application/refresh-session.handler.js';
import { InvalidRefreshTokenError } from '../domain/users.errors.js';
import { BrowserSessionResponse } from './browser-session.response.js';
import { LogInRequest } from './log-in.request.js';

/**
 * Sign-in for Tessera's own pages: the same sessions as `/api/auth`, with the tokens in HttpOnly, SameSite=Strict
 * cookies instead of the body, so no script on the page (one injected through product data included) can read them.
 * Each route refuses requests from other sites' pages.
 */
@ApiTags('users')
@Controller('api/auth/browser')
export class BrowserSessionController {
  constructor(
    private readonly logIn: LogInHandler,
    private readonly refreshSession: RefreshSessionHandler,
    private readonly logOut: LogOutHandler,
  ) {}

  @ApiOperation({ operationId: 'signInBrowser', summary: 'Sign in a browser (session cookies)' })
  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: BrowserSessionResponse, description: 'Signed in; the session cookies are set.' })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password.' })
  @ApiForbiddenResponse({ description: "Sent from another site's page." })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts; see Retry-After.' })
  async login(
    @Body() body: LogInRequest,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BrowserSessionResponse> {
    refuseCrossSite(request);
    return started(request, reply, await this.logIn.execute({ ...body, clientIp: request.ip }));
  }

  @ApiOperation({ operationId: 'refreshBrowserSession', summary: "Renew a browser's session cookies" })
  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: BrowserSessionResponse, description: 'New cookies; the refresh token sent is spent.' })
  @ApiUnauthorizedResponse({ description: 'No session, or it ended (the cookies are cleared).' })
  @ApiForbiddenResponse({ description: "Sent from another site's page." })
  async refresh(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body(EmptyBodyPipe) _body: undefined,
  ): Promise<BrowserSessionResponse> {
    refuseCrossSite(request);
    const token = cookieValue(request.headers.cookie, REFRESH_COOKIE);
    try {
      if (token === undefined) throw new InvalidRefreshTokenError();
      return started(request, reply, await this.refreshSession.execute(token));
    } catch (error) {
      // An ended session's cookies are worth nothing: the browser forgets them rather than sending them again.
      if (error instanceof UnauthorizedError) clearSessionCookies(request, reply);
      throw error;
    }
  }

  @ApiOperation({ operationId: 'signOutBrowser', summary: "End a browser's session" })
  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session is ended (also when there was none) and its cookies cleared.' })
  @ApiForbiddenResponse({ description: "Sent from another site's page." })
  async logout(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body(EmptyBodyPipe) _body: undefined,
  ): Promise<void> {
    refuseCrossSite(request);
    const token = cookieValue(request.headers.cookie, REFRESH_COOKIE);
    if (token !== undefined) await this.logOut.execute(token);
    clearSessionCookies(request, reply);
  }
}

function started(request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn): BrowserSessionResponse {
  setSessionCookies(request, reply, signedIn);
  const { user } = signedIn;
  return {
    user: { ...user, roles: [...user.roles] },
    expiresIn: signedIn.expiresIn,
    refreshExpiresIn: signedIn.refreshExpiresIn,
  };
}
