import { CreateUsers1763769600000 } from './1763769600000-create-users.js';
import { AddUsersMessaging1763856000000 } from './1763856000000-add-messaging.js';
import { AddLoginAttempts1795300000000 } from './1795300000000-add-login-attempts.js';
import { AddRegistrationAttempts1796083200000 } from './1796083200000-add-registration-attempts.js';
import { AddRefreshTokens1796126400000 } from './1796126400000-add-refresh-tokens.js';
import { AddRefreshFamilies1796148000000 } from './1796148000000-add-refresh-families.js';
import { DropUsersOutboxNotify1796299200000 } from './1796299200000-drop-outbox-notify.js';
import { AddUsersOutboxTraceContext1796600000000 } from './1796600000000-add-outbox-trace-context.js';

/** The users module's migrations, in order. Each touches the `users` schema only. */
export const usersMigrations = [
  CreateUsers1763769600000,
  AddUsersMessaging1763856000000,
  AddLoginAttempts1795300000000,
  AddRegistrationAttempts1796083200000,
  AddRefreshTokens1796126400000,
  AddRefreshFamilies1796148000000,
  DropUsersOutboxNotify1796299200000,
  AddUsersOutboxTraceContext1796600000000,
];
