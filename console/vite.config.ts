import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run build` bundles the console into dist/console, which the API serves at /console/.
// Paths are relative to the project root (npm runs scripts there). Everything is bundled: the
// page loads nothing from outside the API, so it works on a machine without internet.
export default defineConfig({
  root: 'console',
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: '../dist/console',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2_000,
    sourcemap: false,
  },
});
