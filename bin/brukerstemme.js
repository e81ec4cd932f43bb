#!/usr/bin/env node
// Entry point for `brukerstemme` / `npx brukerstemme`: runs the TypeScript sources through tsx,
// so a checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
await main(process.argv);
