#!/usr/bin/env node
// `npx portal-desk …`: the compiled CLI (`npm run build`) when it exists, with plain node (fast:
// docs/benchmarks.md); otherwise the TypeScript source through tsx, as `npm start` runs the service.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
