import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { MAX_PRICE_CENTS } from '../domain/product-rules.js';

/** A partial edit: absent fields are left alone; `description: null` clears it. */
export class UpdateProductRequest {
  @ApiPropertyOptional({ maxLength: 200 })
  @ValidateIf((body: UpdateProductRequest) => body.name !== undefined)
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, maxLength: 2000, nullable: true })
  @ValidateIf((body: UpdateProductRequest) => body.description !== undefined && body.description !== null)
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_PRICE_CENTS })
  @ValidateIf((body: UpdateProductRequest) => body.priceCents !== undefined)
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_CENTS)
  priceCents?: number;
}
