import { SetMetadata } from '@nestjs/common';
import type { Role } from './role.js';

export const REQUIRED_ROLES = 'tessera:roles';

/** Restricts a route to principals holding at least one of `roles`. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);
