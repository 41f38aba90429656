// The exact command line each native adapter builds (DESIGN §3, the reference file).
import { describe, expect, it } from 'vitest';
import { claudeArgv } from '../../src/runtimes/agent/claude-code.js';
import { codexArgv } from '../../src/runtimes/agent/codex.js';
import { AgentSetupError } from '../../src/runtimes/agent/errors.js';
import { hermesArgv, MAX_ARGUMENT_BYTES } from '../../src/runtimes/agent/hermes.js';
import { opencodeArgv } from '../../src/runtimes/agent/opencode.js';
import { agentRequest, runtimeSpec } from './helpers.js';

describe('codex argv', () => {
  it('is exec --json --skip-git-repo-check -C DIR -o FILE -, prompt on stdin', () => {
    const req = agentRequest(runtimeSpec('codex', ['codex']));
    expect(codexArgv(req, '/w', '/tmp/last.txt')).toEqual(['codex', 'exec', '--json', '--skip-git-repo-check', '-C', '/w', '-o', '/tmp/last.txt', '-']);
  });

  it('adds the model (stage over runtime) and the args before the prompt marker', () => {
    const req = agentRequest(runtimeSpec('codex', ['npx', 'codex'], { model: 'gpt-5', args: ['-s', 'workspace-write'] }), { model: 'o3' });
    expect(codexArgv(req, '/w', '/o')).toEqual(['npx', 'codex', 'exec', '--json', '--skip-git-repo-check', '-C', '/w', '-m', 'o3', '-o', '/o', '-s', 'workspace-write', '-']);
  });

  it('maps backend_profile to one --profile; the runtime profile wins; never two', () => {
    const plain = runtimeSpec('codex', ['codex']);
    const count = (argv: string[]) => argv.filter((a) => a === '--profile' || a === '-p').length;
    const fromBackend = codexArgv(agentRequest(plain, { backendProfile: 'worker' }), '/w', '/o');
    expect(fromBackend.slice(fromBackend.indexOf('--profile'), fromBackend.indexOf('--profile') + 2)).toEqual(['--profile', 'worker']);
    const both = codexArgv(agentRequest({ ...plain, profile: 'own' }, { backendProfile: 'worker' }), '/w', '/o');
    expect(count(both)).toBe(1);
    expect(both).toContain('own');
    expect(both).not.toContain('worker');
    const inArgs = codexArgv(agentRequest({ ...plain, args: ['--profile=mine'] }, { backendProfile: 'worker' }), '/w', '/o');
    expect(count(inArgs)).toBe(0);
    expect(inArgs.filter((a) => a.startsWith('--profile'))).toEqual(['--profile=mine']);
  });
});

describe('claude argv', () => {
  it('is -p --output-format stream-json --verbose [--model M] [args]', () => {
    const req = agentRequest(runtimeSpec('claude-code', ['claude'], { model: 'sonnet', args: ['--permission-mode', 'acceptEdits', '--max-turns', '8'] }));
    expect(claudeArgv(req)).toEqual(['claude', '-p', '--output-format', 'stream-json', '--verbose', '--model', 'sonnet', '--permission-mode', 'acceptEdits', '--max-turns', '8']);
  });

  it('does not add a second --model when args hold one', () => {
    const req = agentRequest(runtimeSpec('claude-code', ['claude'], { model: 'sonnet', args: ['--model', 'opus'] }));
    expect(claudeArgv(req).filter((a) => a === '--model')).toHaveLength(1);
  });
});

describe('opencode argv', () => {
  it('is run --format json [-m provider/model] [--agent A] [args]', () => {
    expect(opencodeArgv(agentRequest(runtimeSpec('opencode', ['opencode'])))).toEqual(['opencode', 'run', '--format', 'json']);
    const req = agentRequest(runtimeSpec('opencode', ['opencode'], { model: 'anthropic/claude-sonnet-4', profile: 'build' }));
    expect(opencodeArgv(req)).toEqual(['opencode', 'run', '--format', 'json', '-m', 'anthropic/claude-sonnet-4', '--agent', 'build']);
  });
});

describe('hermes argv', () => {
  it('is chat -q PROMPT --format stream-json [-m MODEL] [args]', () => {
    const req = agentRequest(runtimeSpec('hermes', ['hermes'], { model: 'hermes-4', args: ['--max-turns', '5'] }), { prompt: 'Do "it"; now' });
    expect(hermesArgv(req)).toEqual(['hermes', 'chat', '-q', 'Do "it"; now', '--format', 'stream-json', '-m', 'hermes-4', '--max-turns', '5']);
  });

  it('refuses a prompt too long for one argument, saying why', () => {
    const req = agentRequest(runtimeSpec('hermes', ['hermes']), { prompt: 'p'.repeat(MAX_ARGUMENT_BYTES + 1) });
    expect(() => hermesArgv(req)).toThrow(AgentSetupError);
    expect(() => hermesArgv(req)).toThrow(/over the 131071-byte limit/);
  });
});
