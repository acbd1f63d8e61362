import { z } from 'zod';

export const echoBodySchema = z.strictObject({
  message: z.string().min(1).max(10_000),
});
