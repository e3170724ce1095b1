import { CreateUsers1763769600000 } from './1763769600000-create-users.js';

/** The users module's migrations, in order. Each touches the `users` schema only. */
export const usersMigrations = [CreateUsers1763769600000];
