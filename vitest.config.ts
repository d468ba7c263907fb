import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { storybookProject } from './.storybook/vitest.project.ts';
import { browserProject } from './test/browser/vitest.project.ts';
import { tabsProject } from './test/tabs/browser/vitest.project.ts';

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
          exclude: ['**/node_modules/**', 'test/browser/**', 'test/compat/**', 'test/tabs/browser/**'],
          setupFiles: ['test/setup.ts'],
          restoreMocks: true,
          unstubGlobals: true,
        },
      },
      {
        // The unit suite's React tests (*.test.tsx) again, against React 18.3 from test/react18
        // (`npm ci --prefix test/react18`). The *.test.ts files test the React-free core: once is enough.
        extends: true,
        resolve: {
          alias: [
            {
              find: /^(react|react-dom)(\/.*)?$/,
              replacement: fileURLToPath(new URL('./test/react18/node_modules/$1$2', import.meta.url)),
            },
          ],
        },
        test: {
          name: 'react18',
          environment: 'jsdom',
          include: ['test/**/*.test.tsx'],
          // *.react19.test.tsx use APIs that React 18 lacks (<Activity>).
          exclude: [
            'test/browser/**',
            'test/compat/**',
            'test/tabs/browser/**',
            '**/node_modules/**',
            'test/**/*.react19.test.tsx',
            // The TanStack Query and SWR recipes: those packages' ES modules import react as Node loads it (React 19),
            // which the alias never reaches. Inlining them (server.deps.inline) made two tests of
            // test/hook/useEventSource.test.tsx fail in this project, for a reason not yet found.
            'test/recipes/tanstack-query.test.tsx',
            'test/recipes/swr.test.tsx',
          ],
          // test/react18/setup.ts first: it points CommonJS require('react') at React 18 too.
          setupFiles: ['test/react18/setup.ts', 'test/setup.ts'],
          restoreMocks: true,
          unstubGlobals: true,
          globalSetup: ['test/react18/globalSetup.ts'],
          provide: { reactVersion: '18.3.1' },
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
      storybookProject,
      tabsProject,
    ],
  },
});
