import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../../shared/auth/index.js';
import { LogInHandler } from '../application/log-in.handler.js';
import { AccessTokenResponse } from './access-token.response.js';
import { LogInRequest } from './log-in.request.js';

@ApiTags('users')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly logIn: LogInHandler) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: AccessTokenResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password.' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts; see Retry-After.' })
  async login(@Body() body: LogInRequest, @Req() request: FastifyRequest): Promise<AccessTokenResponse> {
    const token = await this.logIn.execute({ ...body, clientIp: request.ip });
    return { accessToken: token.accessToken, tokenType: 'Bearer', expiresIn: token.expiresIn };
  }
}
