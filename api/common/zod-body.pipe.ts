import { BadRequestException, Injectable } from '@nestjs/common';
import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { describeZodIssues, REPORT_INPUT } from '../../workflows/contracts/zod-issues.js';

/** Formats zod issues as "field.path[0]: problem" so a 400 names what is wrong. */
export const describeIssues = describeZodIssues;

/** Validates (and types) a request part with a zod schema; failures are 400s naming the field. */
@Injectable()
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly root = 'body',
  ) {}

  transform(value: unknown): z.infer<S> {
    const parsed = this.schema.safeParse(value ?? (this.root === 'body' ? undefined : {}), REPORT_INPUT);
    if (!parsed.success) {
      throw new BadRequestException(describeIssues(parsed.error, this.root));
    }
    return parsed.data;
  }
}
