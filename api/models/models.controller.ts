import { basename, isAbsolute } from 'node:path';
import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { llmTaskQueue } from '../../workflows/contracts/index.js';
import { livePollers } from '../health/task-queue-pollers.js';
import { ApiAnswers, modelsSchema } from '../common/api-responses.js';
import { servedModelList } from '../../config/app-config.js';
import { TemporalClientService } from '../temporal/temporal-client.service.js';

/** A model file by its name only: the API does not reveal the server's file system. */
function publicSource(source: string): string {
  return /^[a-z]+:/i.test(source) && !isAbsolute(source) ? source : basename(source);
}

@ApiTags('models')
@Controller('models')
export class ModelsController {
  constructor(private readonly temporal: TemporalClientService) {}

  @Get()
  @ApiAnswers({ 200: ['The models', modelsSchema] }, [])
  @ApiOperation({ summary: 'Configured models, their task queues and whether a GPU worker serves each' })
  async list() {
    const { client, config } = this.temporal;
    const models = await Promise.all(
      servedModelList(config.llm).map(async (m) => {
        const taskQueue = llmTaskQueue(config.taskQueuePrefix, m.name);
        const pollers = await this.temporal
          .call(() =>
            livePollers(client, config.temporal.namespace, taskQueue, 'activity', config.api.pollerFreshMs),
          )
          .catch(() => 0);
        return {
          name: m.name,
          kind: m.kind,
          source: publicSource(m.source),
          taskQueue,
          served: pollers > 0,
          pollers,
        };
      }),
    );
    return { models };
  }
}
