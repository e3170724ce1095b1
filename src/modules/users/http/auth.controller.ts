import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiOperation,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../../shared/auth/index.js';
import { LogInHandler, type SignedIn } from '../application/log-in.handler.js';
import { LogOutHandler } from '../application/log-out.handler.js';
import { RefreshSessionHandler } from '../application/refresh-session.handler.js';
import { AccessTokenResponse } from './access-token.response.js';
import { LogInRequest } from './log-in.request.js';
import { RefreshTokenRequest } from './refresh-token.request.js';

@ApiTags('users')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly logIn: LogInHandler,
    private readonly refreshSession: RefreshSessionHandler,
    private readonly logOut: LogOutHandler,
  ) {}

  @ApiOperation({ operationId: 'signIn', summary: 'Sign in' })
  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: AccessTokenResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password.' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts; see Retry-After.' })
  async login(@Body() body: LogInRequest, @Req() request: FastifyRequest): Promise<AccessTokenResponse> {
    return toResponse(await this.logIn.execute({ ...body, clientIp: request.ip }));
  }

  @ApiOperation({ operationId: 'refreshSession', summary: 'Exchange a refresh token for new tokens' })
  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({
    type: AccessTokenResponse,
    description: 'A new access token and the next refresh token; the one sent is spent.',
  })
  @ApiUnauthorizedResponse({
    description: 'The refresh token is unknown, expired, ended, or was spent before (which ends its session).',
  })
  async refresh(@Body() body: RefreshTokenRequest): Promise<AccessTokenResponse> {
    return toResponse(await this.refreshSession.execute(body.refreshToken));
  }

  @ApiOperation({ operationId: 'signOut', summary: 'End a session' })
  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'The session of this refresh token is ended (also when it already was, or is not ours).',
  })
  async logout(@Body() body: RefreshTokenRequest): Promise<void> {
    await this.logOut.execute(body.refreshToken);
  }
}

function toResponse(signedIn: SignedIn): AccessTokenResponse {
  return {
    accessToken: signedIn.accessToken,
    tokenType: 'Bearer',
    expiresIn: signedIn.expiresIn,
    refreshToken: signedIn.refreshToken,
    refreshExpiresIn: signedIn.refreshExpiresIn,
  };
}
