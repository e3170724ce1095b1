import type { User } from './user.js';

/** Port: where users are kept. `add` fails with `EmailAlreadyRegisteredError` on a taken email. */
export abstract class UserRepository {
  abstract add(user: User): Promise<void>;
  abstract save(user: User): Promise<void>;
  abstract findById(id: string): Promise<User | null>;
  abstract findByEmail(email: string): Promise<User | null>;
}
