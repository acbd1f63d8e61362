import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { fromRoot } from '../../config/project-root.js';

/** Where `npm run build` leaves the console's static files (console/ bundled by Vite). */
const CONSOLE_DIR = fromRoot('dist', 'console');

/** Public: the page and its scripts hold no data; the console asks for a key before any call. */
const CONSOLE_PATH = /^\/console(\/|$)/;

/**
 * Serves the browser console at /console/: files only, no server-side routes (the app routes by
 * the URL's hash). Hashed asset names are cached for good; index.html is revalidated so a new
 * build is picked up at once.
 */
export function consoleAssets() {
  const files = express.static(CONSOLE_DIR, {
    index: 'index.html',
    redirect: false,
    setHeaders: (res, path) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader(
        'Cache-Control',
        path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      );
    },
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!CONSOLE_PATH.test(req.path)) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // Relative asset URLs need the trailing slash.
    if (req.path === '/console') return res.redirect(301, '/console/');
    req.url = req.url.slice('/console'.length) || '/';
    files(req, res, () => {
      // Only a miss looks at the folder: a console that was never built says so.
      const built = existsSync(join(CONSOLE_DIR, 'index.html'));
      res.status(404).json({
        statusCode: 404,
        error: 'Not Found',
        message: built ? `no console file ${req.path}` : 'the console is not built: run `npm run build`',
      });
    });
  };
}
