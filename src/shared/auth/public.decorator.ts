import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'tessera:public';

/** Opens a route to anonymous callers; every other route requires a valid access token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
