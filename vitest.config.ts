import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { browserProject } from './test/browser/vitest.project';

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/browser/**'],
          setupFiles: ['test/setup.ts'],
          restoreMocks: true,
          unstubGlobals: true,
        },
      },
      {
        // The unit suite again, against React 18.3 from test/react18 (`npm ci --prefix test/react18`).
        extends: true,
        resolve: {
          alias: [
            {
              find: /^(react|react-dom)(\/.*)?$/,
              replacement: fileURLToPath(new URL('./test/react18/node_modules/$1$2', import.meta.url)),
            },
            {
              // Its ESM build, which Vite can inline (the `main` it resolves by default is CommonJS).
              find: /^@testing-library\/react$/,
              replacement: fileURLToPath(
                new URL('./node_modules/@testing-library/react/dist/@testing-library/react.esm.js', import.meta.url),
              ),
            },
          ],
        },
        test: {
          name: 'react18',
          environment: 'jsdom',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/browser/**'],
          setupFiles: ['test/setup.ts'],
          restoreMocks: true,
          unstubGlobals: true,
          globalSetup: ['test/react18/globalSetup.ts'],
          provide: { reactVersion: '18.3.1' },
          // Inlined, so its own imports of react and react-dom go through the alias too.
          server: { deps: { inline: ['@testing-library/react'] } },
        },
      },
      {
        extends: true,
        test: {
          name: 'types',
          typecheck: {
            enabled: true,
            only: true,
            include: ['test/types/**/*.test-d.ts'],
            tsconfig: 'test/types/tsconfig.json',
          },
        },
      },
      browserProject,
    ],
  },
});
