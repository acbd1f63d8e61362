import type { Request } from 'express';

/** The route pattern a handled request matched (`/workflows/:id`), not its raw path; undefined when none did. */
export function routePatternOf(req: Request): string | undefined {
  const pattern = (req.route as { path?: string } | undefined)?.path;
  return pattern ? `${req.baseUrl}${pattern}` : undefined;
}
