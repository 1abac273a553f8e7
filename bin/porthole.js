#!/usr/bin/env node
// The `porthole` command. Runs the TypeScript sources directly through tsx so the
// command works straight after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
