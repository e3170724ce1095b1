import { usersMigrations } from '../../../../migrations/users/index.js';
import type { ModuleDatabaseDefinition } from '../../../shared/database/index.js';
import { UserEntity } from './user.entity.js';

export const usersDatabase: ModuleDatabaseDefinition = {
  schema: 'users',
  entities: [UserEntity],
  migrations: usersMigrations,
};
