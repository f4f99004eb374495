#!/usr/bin/env node
// `npm run provision`: installs Node 24 and code-server into .vscode-test/ (idempotent).
import { messageOf, provision } from './lib.mjs';

try {
  provision();
} catch (error) {
  console.error(`\nprovision failed: ${messageOf(error)}`);
  process.exit(1);
}
