#!/usr/bin/env node
// `breakouts` command: registers tsx so the TypeScript sources run as they are, then hands over.
import { register } from 'tsx/esm/api';

register();
await import('../adapters/cli/main.ts');
