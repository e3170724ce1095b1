import { Controller, Get, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ServiceOnly } from '../../../shared/auth/index.js';
import { type UserSummary, UsersFacade } from '../public/index.js';

/** `UsersFacade` over HTTP, for processes that do not host users. Service tokens only. */
@ApiExcludeController()
@ServiceOnly()
@Controller('internal/users')
export class InternalUsersController {
  constructor(private readonly users: UsersFacade) {}

  @Get(':id')
  async find(@Param('id') id: string): Promise<{ user: UserSummary | null }> {
    return { user: await this.users.findUser(id) };
  }
}
