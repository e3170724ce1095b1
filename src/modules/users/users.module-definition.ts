import type { ModuleDefinition } from '../../shared/module-definition/index.js';

export const usersDefinition = {
  name: 'users',
  schema: 'users',
  description: 'Accounts, sign-in and sessions; issues the access tokens every module verifies on its own.',
  dependsOn: [],
  publicRoutes: ['/api/users', '/api/auth'],
  publishes: ['users.user-registered.v1'],
  consumes: [],
} as const satisfies ModuleDefinition;
