import { BadRequestException, Injectable } from '@nestjs/common';
import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** Formats zod issues as "field.path: problem" so a 400 names what is wrong. */
export function describeIssues(error: z.ZodError, root = 'body'): string[] {
  return error.issues.map((issue) => {
    const path = [root, ...issue.path.map(String)].join('.');
    return `${path}: ${issue.message}`;
  });
}

/** Validates (and types) a request part with a zod schema; failures are 400s naming the field. */
@Injectable()
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly root = 'body',
  ) {}

  transform(value: unknown): z.infer<S> {
    const parsed = this.schema.safeParse(value ?? (this.root === 'body' ? undefined : {}));
    if (!parsed.success) {
      throw new BadRequestException(describeIssues(parsed.error, this.root));
    }
    return parsed.data;
  }
}
