import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { UnauthorizedError } from '../errors/application.errors.js';
import { Metrics } from './metrics.js';

/** The scrape credential (`METRICS_TOKEN`), or null when `/metrics` is open. */
export const METRICS_TOKEN = Symbol('METRICS_TOKEN');

class MetricsTokenRequiredError extends UnauthorizedError {
  override readonly code = 'metrics.token-required';
}

/**
 * Prometheus scrape endpoint. Open by default (keep it off the public network);
 * with METRICS_TOKEN set it answers only the scraper that sends that token.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly expected: Buffer | null;

  constructor(
    private readonly metrics: Metrics,
    @Inject(METRICS_TOKEN) token: string | null,
  ) {
    this.expected = token === null ? null : digest(`Bearer ${token}`);
  }

  @Get()
  @Public() // the scrape token, when configured, is checked here: the guard ignores a bearer that is no access token
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    // Compared as digests, in constant time, so neither the length nor the content leaks.
    if (this.expected !== null && !timingSafeEqual(digest(authorization ?? ''), this.expected)) {
      throw new MetricsTokenRequiredError('Send the scrape credential: Authorization: Bearer <METRICS_TOKEN>.');
    }
    const body = await this.metrics.render();
    await reply.header('content-type', this.metrics.contentType).header('cache-control', 'no-store').send(body);
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
