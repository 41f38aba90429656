#!/usr/bin/env node
// Removes dist/ so that `prepack` packs a fresh build, never files left by deleted sources.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
