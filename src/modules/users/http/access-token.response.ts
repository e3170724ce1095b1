import { ApiProperty } from '@nestjs/swagger';

export class AccessTokenResponse {
  @ApiProperty({ description: 'Send as "Authorization: Bearer <accessToken>".' })
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ type: 'integer', description: 'Seconds until the access token expires.', example: 900 })
  expiresIn!: number;

  @ApiProperty({
    description:
      'Spend at POST /api/auth/refresh for the next access token; good once (each refresh returns the next one).',
  })
  refreshToken!: string;

  @ApiProperty({
    type: 'integer',
    description: 'Seconds until the refresh token expires unless spent first.',
    example: 2_592_000,
  })
  refreshExpiresIn!: number;
}
