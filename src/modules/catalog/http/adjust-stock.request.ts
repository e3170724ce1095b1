import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min, NotEquals } from 'class-validator';
import { MAX_STOCK } from '../domain/product-rules.js';

export class AdjustStockRequest {
  @ApiProperty({ type: 'integer', example: 10, description: 'Units received (positive) or written off (negative).' })
  @IsInt()
  @NotEquals(0)
  @Min(-MAX_STOCK)
  @Max(MAX_STOCK)
  delta!: number;
}
