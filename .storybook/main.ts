import type { StorybookConfig } from '@storybook/react-vite';
import react from '@vitejs/plugin-react';

/**
 * Storybook for react-sse-kit: the demos and every connection state, against streams mocked by MSW's service worker
 * (public/mockServiceWorker.js) with the handler factories of `react-sse-kit/testing`.
 */
const config: StorybookConfig = {
  framework: {
    name: '@storybook/react-vite',
    // StrictMode mounts, unmounts and mounts again: the stories show that this still sends one request.
    options: { strictMode: true },
  },
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  staticDirs: ['../public'],
  core: {
    // Works offline: no telemetry, no crash reports, no "what's new" fetches.
    disableTelemetry: true,
    enableCrashReports: false,
    disableWhatsNewNotifications: true,
  },
  // A library's Storybook, not a new project's: no "Get started" checklist.
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false },
  // The stories document hooks, not components: no prop tables to generate.
  typescript: { reactDocgen: false },
  async viteFinal(viteConfig) {
    const plugins = viteConfig.plugins ?? [];
    return {
      ...viteConfig,
      plugins: [...plugins, react()],
      // Storybook's own runtime and the docs blocks make one big preview chunk; it is never shipped to users.
      build: { ...viteConfig.build, chunkSizeWarningLimit: 2000 },
    };
  },
};

export default config;
