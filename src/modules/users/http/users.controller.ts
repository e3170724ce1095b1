import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiOperation,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal, type Principal, Public } from '../../../shared/auth/index.js';
import { GetUserProfileHandler } from '../application/get-user-profile.handler.js';
import { RegisterUserHandler } from '../application/register-user.handler.js';
import { RegisterUserRequest } from './register-user.request.js';
import { UserResponse } from './user.response.js';

@ApiTags('users')
@Controller('api/users')
export class UsersController {
  constructor(
    private readonly registerUser: RegisterUserHandler,
    private readonly getProfile: GetUserProfileHandler,
  ) {}

  @ApiOperation({ operationId: 'signUp', summary: 'Sign up as a customer' })
  @Post()
  @Public()
  @HttpCode(201)
  @ApiCreatedResponse({ type: UserResponse, description: 'The customer account was created.' })
  @ApiConflictResponse({ description: 'The email address is taken.' })
  @ApiTooManyRequestsResponse({ description: 'Too many sign-ups from this address; see Retry-After.' })
  register(@Body() body: RegisterUserRequest, @Req() request: FastifyRequest): Promise<UserResponse> {
    return this.registerUser.execute({ ...body, clientIp: request.ip }) as Promise<UserResponse>;
  }

  @ApiOperation({ operationId: 'getMe', summary: 'The signed-in account' })
  @Get('me')
  @ApiOkResponse({ type: UserResponse })
  @ApiUnauthorizedResponse({ description: 'No valid access token.' })
  me(@CurrentPrincipal() principal: Principal): Promise<UserResponse> {
    return this.getProfile.execute(principal.userId) as Promise<UserResponse>;
  }
}
