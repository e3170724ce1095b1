import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO31661Alpha2,
  IsNotEmpty,
  IsObject,
  IsOptional,
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

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ShippingAddressRequest {
  @ApiProperty({ maxLength: 100, example: 'Ada Lovelace', description: 'Who receives the parcel.' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ maxLength: 200, example: '12 St James Square' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  line1!: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'Flat 3' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  line2?: string;

  @ApiProperty({ maxLength: 100, example: 'London' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  city!: string;

  @ApiProperty({ maxLength: 20, example: 'SW1Y 4LE' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  postalCode!: string;

  @ApiProperty({ minLength: 2, maxLength: 2, example: 'GB', description: 'ISO 3166-1 alpha-2 country code.' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 country code' })
  country!: string;
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

  @ApiPropertyOptional({ type: ShippingAddressRequest, description: 'Where to ship the order.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ShippingAddressRequest)
  shippingAddress?: ShippingAddressRequest;
}
