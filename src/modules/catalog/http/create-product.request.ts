import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_PRICE_CENTS, MAX_STOCK } from '../domain/product-rules.js';

export class CreateProductRequest {
  @ApiProperty({ example: 'TEA-001', maxLength: 64, description: 'Stored upper-case; unique.' })
  @IsString()
  @MaxLength(64)
  sku!: string;

  @ApiProperty({ example: 'Sencha, 100 g', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ type: String, example: 'First flush green tea.', maxLength: 2000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiProperty({ type: 'integer', example: 1250, minimum: 0, maximum: MAX_PRICE_CENTS })
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_CENTS)
  priceCents!: number;

  @ApiProperty({ type: 'integer', example: 40, minimum: 0, maximum: MAX_STOCK })
  @IsInt()
  @Min(0)
  @Max(MAX_STOCK)
  stock!: number;
}
