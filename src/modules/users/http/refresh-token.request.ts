import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class RefreshTokenRequest {
  @ApiProperty({ description: 'The refreshToken of the last sign-in or refresh.' })
  @IsString()
  @MaxLength(1000)
  refreshToken!: string;
}
