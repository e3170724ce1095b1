import { ApiProperty } from '@nestjs/swagger';

export class ProductResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'TEA-001' })
  sku!: string;

  @ApiProperty({ example: 'Sencha, 100 g' })
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ type: 'integer', example: 1250 })
  priceCents!: number;

  @ApiProperty({ type: 'integer', example: 40 })
  stock!: number;
}

export class ProductPageResponse {
  @ApiProperty({ type: [ProductResponse] })
  items!: ProductResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}
