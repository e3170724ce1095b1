import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, MaxLength } from 'class-validator';
import { ServiceOnly } from '../../../shared/auth/index.js';
import { CatalogFacade, type ProductSnapshot } from '../public/index.js';

class LookupProductsRequest {
  @IsArray()
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  ids!: string[];
}

/** `CatalogFacade` over HTTP, for processes that do not host catalog. Service tokens only. */
@ApiExcludeController()
@ServiceOnly()
@Controller('internal/catalog')
export class InternalCatalogController {
  constructor(private readonly catalog: CatalogFacade) {}

  @Post('products/lookup')
  @HttpCode(200)
  async lookup(@Body() body: LookupProductsRequest): Promise<{ items: ProductSnapshot[] }> {
    return { items: await this.catalog.findProducts(body.ids) };
  }
}
