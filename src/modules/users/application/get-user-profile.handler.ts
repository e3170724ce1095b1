import { Injectable } from '@nestjs/common';
import { UserRepository } from '../domain/user.repository.js';
import { UserNotFoundError } from '../domain/users.errors.js';
import type { UserSummary } from '../public/index.js';
import { toUserSummary } from './user-summary.mapper.js';

@Injectable()
export class GetUserProfileHandler {
  constructor(private readonly users: UserRepository) {}

  async execute(userId: string): Promise<UserSummary> {
    const user = await this.users.findById(userId);
    // A valid token for a user that no longer exists.
    if (!user) throw new UserNotFoundError();
    return toUserSummary(user);
  }
}
