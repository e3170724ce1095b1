import { ApiProperty } from '@nestjs/swagger';
import { UserResponse } from './user.response.js';

/** A browser's session as its pages may see it: who is signed in and for how long; the tokens stay in HttpOnly cookies. */
export class BrowserSessionResponse {
  @ApiProperty({ type: UserResponse })
  user!: UserResponse;

  @ApiProperty({ description: 'Seconds until the access cookie expires; refresh before or after it.', example: 900 })
  expiresIn!: number;

  @ApiProperty({ description: 'Seconds until the session ends unless refreshed.', example: 2592000 })
  refreshExpiresIn!: number;
}
