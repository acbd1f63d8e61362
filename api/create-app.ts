import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '../config/app-config.js';
import { AppModule } from './app.module.js';
import { ApiMetrics } from './metrics/api-metrics.js';
import { apiKeyMiddleware } from './common/api-key.middleware.js';
import { limitJsonDepth } from './common/json-depth.middleware.js';
import { consoleAssets } from './common/console-assets.js';
import { requireJsonBodies } from './common/json-content-type.middleware.js';
import { TemporalExceptionFilter } from './common/temporal-exception.filter.js';
import { httpTracing } from './common/http-tracing.middleware.js';
import { openApiComponents } from './common/openapi.js';
import { activeTracing } from '../telemetry/tracing.js';

const NEST_LEVELS: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
const FROM: Record<AppConfig['log']['level'], LogLevel> = {
  trace: 'verbose',
  debug: 'debug',
  info: 'log',
  warn: 'warn',
  error: 'error',
};

/** Builds the HTTP app (not listening yet): used by main.ts and by the end-to-end tests. */
export async function createApp(
  config: AppConfig,
  logger: false | undefined = undefined,
): Promise<NestExpressApplication> {
  // LOG_LEVEL and LOG_FORMAT (json: Nest's own one-object-per-line format).
  const nestLogger = new ConsoleLogger({
    json: config.log.format === 'json',
    logLevels: NEST_LEVELS.slice(NEST_LEVELS.indexOf(FROM[config.log.level])),
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: logger === false ? false : nestLogger,
  });
  app.disable('x-powered-by');
  // First, so that refused requests (401, 415, 429) are counted too.
  if (activeTracing()) app.use(httpTracing());
  app.use(app.get(ApiMetrics).middleware);
  // The browser console's static files: before the key check, since the page itself asks for
  // the key (it holds no data; every call it makes carries the key).
  app.use(consoleAssets());
  if (config.api.keys.length > 0) {
    const publicPaths = [/^\/health\/?$/, ...(config.api.docsPublic ? [/^\/docs(-json)?(\/|$)/] : [])];
    app.use(apiKeyMiddleware(config.api.keys, publicPaths));
  }
  // Inline map-reduce items travel in the body; the workflow's own size checks give the 413.
  app.useBodyParser('json', { limit: '8mb' });
  app.use(requireJsonBodies);
  app.use(limitJsonDepth);
  app.useGlobalFilters(new TemporalExceptionFilter());
  app.enableShutdownHooks();
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Parallel AI on Temporal')
      .setDescription('Start, inspect, stream and cancel durable parallel-AI workflows')
      .setVersion('0.1.0')
      .build(),
  );
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, ...openApiComponents() },
  };
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs-json' });
  return app;
}
