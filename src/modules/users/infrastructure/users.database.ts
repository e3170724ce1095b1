import { usersMigrations } from '../../../../migrations/users/index.js';
import { usersDefinition } from '../users.module-definition.js';
import type { ModuleDatabaseDefinition } from '../../../shared/database/index.js';
import { UserEntity } from './user.entity.js';

export const usersDatabase: ModuleDatabaseDefinition = {
  schema: usersDefinition.schema,
  entities: [UserEntity],
  migrations: usersMigrations,
};
