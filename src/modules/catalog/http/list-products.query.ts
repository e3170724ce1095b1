import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../../shared/pagination/page.query.js';

export class ListProductsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Matches part of the name or SKU, case-insensitively.', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
