// The `react18` project's React comes from here; say how to get it instead of failing on every import.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export default function checkReact18Installed(): void {
  const missing = ['react', 'react-dom'].filter(
    (name) => !existsSync(join(import.meta.dirname, 'node_modules', name, 'package.json')),
  );
  if (missing.length > 0)
    throw new Error(
      `The react18 project needs React 18 in test/react18/node_modules (missing: ${missing.join(', ')}).\n` +
        '  Install it with: npm ci --prefix test/react18',
    );
}
