#!/usr/bin/env node
// The `vpp-host` command. TypeScript runs through tsx so that vendors' plugins load from source too.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

register();
registerHooks('../host/runtime/plugin-loader-hooks.mjs', import.meta.url);
await import('../host/cli/main.ts');
