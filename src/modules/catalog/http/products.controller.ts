import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiOperation,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { RouteSchema } from '@nestjs/platform-fastify';
import { Public, Roles } from '../../../shared/auth/index.js';
import { parseIdempotencyKey } from '../../../shared/http/idempotency-key.js';
import { AdjustStockHandler } from '../application/adjust-stock.handler.js';
import { CreateProductHandler } from '../application/create-product.handler.js';
import { GetProductHandler } from '../application/get-product.handler.js';
import { ListProductsHandler } from '../application/list-products.handler.js';
import { UpdateProductHandler } from '../application/update-product.handler.js';
import { AdjustStockRequest } from './adjust-stock.request.js';
import { CreateProductRequest } from './create-product.request.js';
import { ListProductsQuery } from './list-products.query.js';
import { ProductPageResponse, ProductResponse } from './product.response.js';
import { PRODUCT_PAGE_SCHEMA, PRODUCT_SCHEMA } from './product.schema.js';
import { UpdateProductRequest } from './update-product.request.js';

@ApiTags('catalog')
@Controller('api/catalog/products')
export class ProductsController {
  constructor(
    private readonly createProduct: CreateProductHandler,
    private readonly updateProduct: UpdateProductHandler,
    private readonly adjustStock: AdjustStockHandler,
    private readonly getProduct: GetProductHandler,
    private readonly listProducts: ListProductsHandler,
  ) {}

  @ApiOperation({ operationId: 'createProduct', summary: 'Add a product' })
  @Post()
  @Roles('admin')
  @HttpCode(201)
  @ApiCreatedResponse({ type: ProductResponse })
  @ApiConflictResponse({ description: 'The SKU is taken.' })
  async create(
    @Body() body: CreateProductRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductResponse> {
    const product = await this.createProduct.execute(body);
    void reply.header('location', `/api/catalog/products/${product.id}`);
    return product;
  }

  @ApiOperation({ operationId: 'listProducts', summary: 'List and search products' })
  @Get()
  @Public()
  @RouteSchema({ response: { 200: PRODUCT_PAGE_SCHEMA } })
  @ApiOkResponse({ type: ProductPageResponse })
  list(@Query() query: ListProductsQuery): Promise<ProductPageResponse> {
    return this.listProducts.execute({ limit: query.limit, cursor: query.cursor, q: query.q });
  }

  @ApiOperation({ operationId: 'getProduct', summary: 'A product' })
  @Get(':id')
  @Public()
  @RouteSchema({ response: { 200: PRODUCT_SCHEMA } })
  @ApiOkResponse({ type: ProductResponse })
  @ApiNotFoundResponse()
  get(@Param('id') id: string): Promise<ProductResponse> {
    return this.getProduct.execute(id);
  }

  @ApiOperation({ operationId: 'updateProduct', summary: "Change a product's name, description or price" })
  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: ProductResponse })
  @ApiNotFoundResponse()
  update(@Param('id') id: string, @Body() body: UpdateProductRequest): Promise<ProductResponse> {
    return this.updateProduct.execute(id, body);
  }

  @ApiOperation({ operationId: 'adjustStock', summary: 'Adjust stock' })
  @Post(':id/stock-adjustments')
  @Roles('admin')
  @HttpCode(200)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Repeat a request safely: the same key changes the stock once and answers the product as it is.',
  })
  @ApiOkResponse({ type: ProductResponse })
  @ApiConflictResponse({ description: 'The adjustment would take stock below zero.' })
  @ApiUnprocessableEntityResponse({ description: 'The Idempotency-Key was used for another delta on this product.' })
  async adjust(
    @Param('id') id: string,
    @Body() body: AdjustStockRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductResponse> {
    const adjusted = await this.adjustStock.execute(id, body.delta, parseIdempotencyKey(idempotencyKey));
    if (adjusted.replayed) void reply.header('idempotent-replayed', 'true');
    return adjusted.product;
  }
}
