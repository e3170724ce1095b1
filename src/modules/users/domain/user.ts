import type { Role } from '../../../shared/auth/role.js';
import type { Email } from './email.js';
import { InvalidUserDataError } from './users.errors.js';

const MAX_NAME_LENGTH = 100;

export interface UserState {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
  readonly roles: readonly Role[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A person who can sign in: a customer, and possibly an admin. */
export class User {
  private constructor(private state: UserState) {}

  static register(input: {
    id: string;
    email: Email;
    name: string;
    passwordHash: string;
    now: Date;
    roles?: Role[];
  }): User {
    return new User({
      id: input.id,
      email: input.email.value,
      name: User.validName(input.name),
      passwordHash: input.passwordHash,
      roles: input.roles ?? ['customer'],
      createdAt: input.now,
      updatedAt: input.now,
    });
  }

  static restore(state: UserState): User {
    return new User(state);
  }

  get id(): string {
    return this.state.id;
  }
  get email(): string {
    return this.state.email;
  }
  get name(): string {
    return this.state.name;
  }
  get passwordHash(): string {
    return this.state.passwordHash;
  }
  get roles(): readonly Role[] {
    return this.state.roles;
  }
  get createdAt(): Date {
    return this.state.createdAt;
  }

  isAdmin(): boolean {
    return this.state.roles.includes('admin');
  }

  grantAdmin(now: Date): void {
    if (this.isAdmin()) return;
    this.state = { ...this.state, roles: [...this.state.roles, 'admin'], updatedAt: now };
  }

  changePasswordHash(passwordHash: string, now: Date): void {
    this.state = { ...this.state, passwordHash, updatedAt: now };
  }

  snapshot(): UserState {
    return this.state;
  }

  /** The name as stored: trimmed, 1 to 100 characters (code points, as the request validation counts them). */
  static validName(raw: string): string {
    const name = raw.trim();
    if (name.length === 0) throw new InvalidUserDataError('name', 'must not be empty');
    if ([...name].length > MAX_NAME_LENGTH)
      throw new InvalidUserDataError('name', `must be at most ${MAX_NAME_LENGTH} characters long`);
    return name;
  }
}
