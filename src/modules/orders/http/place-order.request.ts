import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_LINES, MAX_QUANTITY } from '../domain/order-line.js';

export class OrderLineRequest {
  @ApiProperty({ format: 'uuid' })
  // UUIDs compare case-insensitively; the catalog answers in lower case.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsString()
  @MaxLength(64)
  productId!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_QUANTITY, example: 2 })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity!: number;
}

export class PlaceOrderRequest {
  @ApiProperty({ type: [OrderLineRequest], minItems: 1, maxItems: MAX_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINES)
  // ValidateNested alone would look inside a nested array (`[[…]]`) instead of refusing it.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OrderLineRequest)
  lines!: OrderLineRequest[];
}
