#!/usr/bin/env node
// Entry point of the `flowstate` command: runs the compiled CLI from dist/.
import { main } from '../dist/cli/main.js';

main(process.argv).then((code) => { process.exitCode = code; });
