import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ServiceOnly } from '../../../shared/auth/index.js';
import { type OrderSummary, OrdersFacade } from '../public/index.js';

/** `OrdersFacade` over HTTP, for processes that do not host orders. Service tokens only. */
@ApiExcludeController()
@ServiceOnly()
@Controller('internal/orders')
export class InternalOrdersController {
  constructor(private readonly orders: OrdersFacade) {}

  @Get(':id')
  async find(@Param('id') id: string): Promise<{ order: OrderSummary | null }> {
    return { order: await this.orders.findOrder(id) };
  }

  @Post(':id/ship')
  @HttpCode(200)
  async ship(@Param('id') id: string): Promise<{ status: OrderSummary['status'] | null }> {
    return { status: await this.orders.shipOrder(id) };
  }
}
