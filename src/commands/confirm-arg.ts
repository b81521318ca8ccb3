// The `confirm` argument of the commands that may move people out of open rooms, kept apart so
// every such command can share it without importing the others.
import type { ArgSpec } from './define.ts';

export const confirmArg: ArgSpec = {
  name: 'confirm',
  kind: 'choice',
  description: 'While rooms are open: go ahead and move the people this affects',
  required: false,
  choices: ['confirm'],
};
