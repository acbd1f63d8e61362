import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { fromRoot } from '../../config/project-root.js';
import { pathOf } from './route-pattern.js';
import { sendHttpError } from './http-error-reply.js';

/** Where `npm run build` leaves the console's static files (console/ bundled by Vite). */
const CONSOLE_DIR = fromRoot('dist', 'console');

/** Public: the page and its scripts hold no data; the console asks for a key before any call. */
export const CONSOLE_PATH = /^\/console(\/|$)/;

/**
 * Serves the browser console at /console/: files only, no server-side routes (the app routes by
 * the URL's hash). Hashed asset names are cached for good; index.html is revalidated so a new
 * build is picked up at once.
 */
export async function serveConsole(fastify: FastifyInstance): Promise<void> {
  // Decided once: the static files' routes are registered (or not) at start-up, so a console
  // built later is served after a restart.
  const built = existsSync(join(CONSOLE_DIR, 'index.html'));
  // Relative asset URLs need the trailing slash. A hook, since the router (trailing slashes
  // ignored) takes /console and /console/ for one path, which the static files' routes miss.
  fastify.addHook('onRequest', async (req, reply) => {
    const path = pathOf(req);
    if (/^\/console$/i.test(path)) await reply.redirect('/console/', 301);
    else if (/^\/console\/$/i.test(path) && built)
      await reply
        .header('X-Content-Type-Options', 'nosniff')
        .header('Cache-Control', 'no-cache')
        .sendFile('index.html');
  });
  if (!built) {
    // A console that was never built says so.
    // Its page too: the wildcard route does not match the bare /console/.
    for (const url of ['/console/', '/console/*'])
      fastify.get(url, (_req, reply) =>
        sendHttpError(reply, 404, 'the console is not built: run `npm run build`'),
      );
    return;
  }
  await fastify.register(fastifyStatic, {
    root: CONSOLE_DIR,
    prefix: '/console/',
    index: 'index.html',
    redirect: false,
    setHeaders: (res, path) => {
      res.header('X-Content-Type-Options', 'nosniff');
      res.header(
        'Cache-Control',
        path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      );
    },
  });
}
