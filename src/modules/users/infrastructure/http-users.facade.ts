import type { RemoteModuleClient } from '../../../shared/remote/remote-module.client.js';
import { type UserSummary, UsersFacade } from '../public/index.js';

/** `UsersFacade` when users runs in another process. */
export class HttpUsersFacade extends UsersFacade {
  constructor(private readonly client: RemoteModuleClient) {
    super();
  }

  async findUser(id: string): Promise<UserSummary | null> {
    const { user } = await this.client.call<{ user: UserSummary | null }>({
      operation: 'findUser',
      method: 'GET',
      path: `/internal/users/${encodeURIComponent(id)}`,
      idempotent: true,
    });
    return user;
  }
}
