import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ApiAnswers } from '../common/api-responses.js';
import { callerName } from '../common/api-key.hook.js';
import { bodyWithExample } from '../common/openapi.js';
import { ZodPipe } from '../common/zod-body.pipe.js';
import { APPROVAL_DECISION_EXAMPLE, approvalDecisionBodySchema, gateIdSchema } from './approval-schemas.js';
import { ApprovalsService } from './approvals.service.js';

@ApiTags('approvals')
@Controller()
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Get('approvals')
  @ApiOperation({
    summary: "Pending approval gates of this deployment's runs, oldest first",
    description:
      'Each: { workflowId, runId, workflowType, gate, title, details, requestedAt, deadline, links: { decide } }. One visibility query (the runs carry their pending gates in a search attribute), then each run answers a query.',
  })
  @ApiResponse({ status: 200, description: '{ approvals: [...] }' })
  @ApiAnswers({}, [])
  list() {
    return this.approvals.list();
  }

  @Post('workflows/:id/approvals/:gate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decides an approval gate: answered once the decision is in the run’s history',
    description:
      '404: no such run of this deployment, or no such gate waiting in it. 409: the gate is already decided, or the run is closed. The decision names the API key that made it.',
  })
  @ApiBody(bodyWithExample(approvalDecisionBodySchema, APPROVAL_DECISION_EXAMPLE))
  @ApiResponse({
    status: 200,
    description: '{ workflowId, gate, decision: { approved, by, comment?, edits?, decidedAt } }',
  })
  @ApiAnswers({}, [400, 404, 409, 415])
  decide(
    @Param('id') id: string,
    @Param('gate') gate: string,
    @Body(new ZodPipe(approvalDecisionBodySchema)) body: z.infer<typeof approvalDecisionBodySchema>,
    @Req() req: FastifyRequest,
  ) {
    const parsed = gateIdSchema.safeParse(gate);
    if (!parsed.success)
      throw new BadRequestException([`gate: ${parsed.error.issues[0]?.message ?? 'invalid'}`]);
    return this.approvals.decide(id, gate, body, callerName(req));
  }
}
