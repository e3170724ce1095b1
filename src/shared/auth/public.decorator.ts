import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';

export const IS_PUBLIC = 'tessera:public';

/**
 * Opens a route to anonymous callers; every other route requires a valid
 * access token (the OpenAPI document's default security, which this lifts).
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity({}));
