import { Injectable } from '@nestjs/common';
import { validate as isUuid } from 'uuid';
import { UserRepository } from '../domain/user.repository.js';
import { type UserSummary, UsersFacade } from '../public/index.js';
import { toUserSummary } from './user-summary.mapper.js';

/** The in-process binding of `UsersFacade`. */
@Injectable()
export class UsersFacadeService extends UsersFacade {
  constructor(private readonly users: UserRepository) {
    super();
  }

  async findUser(id: string): Promise<UserSummary | null> {
    if (!isUuid(id)) return null;
    const user = await this.users.findById(id);
    return user ? toUserSummary(user) : null;
  }
}
