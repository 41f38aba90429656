// The adapter registry: orchestrator.yaml's `adapter` name -> native adapter; anything
// without one (`command`) goes through the generic command adapter.
import { claudeCodeAdapter } from './claude-code.js';
import { codexAdapter } from './codex.js';
import { genericAdapter } from './generic.js';
import { hermesAdapter } from './hermes.js';
import { opencodeAdapter } from './opencode.js';
import type { AgentAdapter } from './types.js';

const NATIVE_ADAPTERS: ReadonlyMap<string, AgentAdapter> = new Map([codexAdapter, claudeCodeAdapter, opencodeAdapter, hermesAdapter].map((adapter) => [adapter.name, adapter]));

/** The adapter of a runtime: its native one, else the generic command adapter. */
export function adapterFor(name: string): AgentAdapter {
  return NATIVE_ADAPTERS.get(name) ?? genericAdapter;
}

/** Names of the native adapters (codex, claude-code, opencode, hermes). */
export function nativeAdapterNames(): string[] {
  return [...NATIVE_ADAPTERS.keys()];
}

/** True when the name selects a native adapter. */
export function isNativeAdapter(name: string): boolean {
  return NATIVE_ADAPTERS.has(name);
}
