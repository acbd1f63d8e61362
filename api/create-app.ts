import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '../config/app-config.js';
import { AppModule } from './app.module.js';
import { ApiMetrics } from './metrics/api-metrics.js';
import { apiKeyHook } from './common/api-key.hook.js';
import { limitJsonDepth } from './common/json-depth.hook.js';
import { CONSOLE_PATH, serveConsole } from './common/console-assets.js';
import { requireJsonBodies } from './common/json-content-type.hook.js';
import { TemporalExceptionFilter } from './common/temporal-exception.filter.js';
import { installHttpTracing } from './common/http-tracing.hook.js';
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
): Promise<NestFastifyApplication> {
  // LOG_LEVEL and LOG_FORMAT (json: Nest's own one-object-per-line format).
  const nestLogger = new ConsoleLogger({
    json: config.log.format === 'json',
    logLevels: NEST_LEVELS.slice(NEST_LEVELS.indexOf(FROM[config.log.level])),
  });
  // NestJS on Fastify: a minimal NestJS app spent about 0.3 ms less CPU a start on Fastify than
  // on Express, near a bare node:http server (docs/decisions/fastify.md). Routes match as they
  // did on Express: any letter case, with or without a trailing slash; long ids in paths.
  const adapter = new FastifyAdapter({
    // Inline map-reduce items travel in the body; the workflow's own size checks give the 413.
    bodyLimit: 8 * 1024 * 1024,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 2_000 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: logger === false ? false : nestLogger,
  });
  const fastify = app.getHttpAdapter().getInstance();
  // First, so that refused requests (401, 415, 429) are counted and traced too.
  if (activeTracing()) installHttpTracing(fastify);
  fastify.addHook('onRequest', app.get(ApiMetrics).onRequest);
  // The browser console's static files are public: the page itself asks for the key (it holds
  // no data; every call it makes carries the key).
  await serveConsole(fastify);
  if (config.api.keys.length > 0) {
    const publicPaths = [
      /^\/health\/?$/,
      CONSOLE_PATH,
      ...(config.api.docsPublic ? [/^\/docs(-json)?(\/|$)/] : []),
    ];
    fastify.addHook('onRequest', apiKeyHook(config.api.keys, publicPaths));
  }
  fastify.addHook('onRequest', requireJsonBodies);
  fastify.addHook('preValidation', limitJsonDepth);
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
