import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import type { Role } from './role.js';

export const REQUIRED_ROLES = 'tessera:roles';

/** Restricts a route to principals holding at least one of `roles` (a 403 for the others, documented here once). */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    ApiForbiddenResponse({ description: `For ${roles.join(' or ')} accounts only.` }),
  );
