#!/usr/bin/env node
// `npx portal-desk …`: runs the TypeScript CLI through tsx, as the service itself runs.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
