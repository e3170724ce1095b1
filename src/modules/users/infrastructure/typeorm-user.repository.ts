import { Injectable } from '@nestjs/common';
import type { Repository } from 'typeorm';
import type { Role } from '../../../shared/auth/role.js';
import { isUniqueViolation } from '../../../shared/database/errors/pg-errors.js';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { User } from '../domain/user.js';
import { UserRepository } from '../domain/user.repository.js';
import { EmailAlreadyRegisteredError } from '../domain/users.errors.js';
import { UserEntity } from './user.entity.js';

@Injectable()
export class TypeOrmUserRepository extends UserRepository {
  constructor(private readonly transactions: Transactions) {
    super();
  }

  /** Joins the caller's transaction when there is one. */
  private get rows(): Repository<UserEntity> {
    return this.transactions.manager().getRepository(UserEntity);
  }

  async add(user: User): Promise<void> {
    try {
      await this.rows.insert(toRow(user));
    } catch (error) {
      if (isUniqueViolation(error)) throw new EmailAlreadyRegisteredError();
      throw error;
    }
  }

  async save(user: User): Promise<void> {
    await this.rows.update({ id: user.id }, toRow(user));
  }

  async findById(id: string): Promise<User | null> {
    const row = await this.rows.findOneBy({ id });
    return row ? toDomain(row) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const row = await this.rows.findOneBy({ email });
    return row ? toDomain(row) : null;
  }
}

function toRow(user: User): UserEntity {
  const state = user.snapshot();
  return Object.assign(new UserEntity(), { ...state, roles: [...state.roles] });
}

function toDomain(row: UserEntity): User {
  return User.restore({ ...row, roles: row.roles as Role[] });
}
