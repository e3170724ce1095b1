import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
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

  @Post()
  @Public()
  @HttpCode(201)
  @ApiCreatedResponse({ type: UserResponse, description: 'The customer account was created.' })
  @ApiConflictResponse({ description: 'The email address is taken.' })
  register(@Body() body: RegisterUserRequest): Promise<UserResponse> {
    return this.registerUser.execute(body) as Promise<UserResponse>;
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: UserResponse })
  @ApiUnauthorizedResponse({ description: 'No valid access token.' })
  me(@CurrentPrincipal() principal: Principal): Promise<UserResponse> {
    return this.getProfile.execute(principal.userId) as Promise<UserResponse>;
  }
}
