// The files `flowstate init` writes, checked by the real yaml-language-server (1.19.2, a
// devDependency) over stdio LSP: their modelines resolve to flowstate's schemas, a fresh
// project has zero diagnostics, and a planted typo gets a diagnostic at its line.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from './helpers.js';
import { YamlLanguageServer, yamlLanguageServer, type LspDiagnostic } from './lsp-client.js';

const GENERATED = ['orchestrator.yaml', 'pipelines/hello.yaml', 'pipelines/agent-loop.yaml'];
const dirs: string[] = [];
let server: YamlLanguageServer;

/** A project made by `init --agents`: installed as a dependency (a linked node_modules/flowstate-cli) or inside this checkout. */
function initProject(kind: 'installed' | 'checkout'): { dir: string; schemas: string } {
  const parent = kind === 'checkout' ? join(REPO, '.tmp') : tmpdir();
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'flowstate-yamlls-'));
  dirs.push(dir);
  if (kind === 'installed') {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(REPO, join(dir, 'node_modules/flowstate-cli'), 'dir');
  }
  const init = runCli(dir, ['init', '--agents']);
  expect(init.code, init.stderr).toBe(0);
  return { dir, schemas: kind === 'installed' ? join(dir, 'node_modules/flowstate-cli/schemas') : join(REPO, 'schemas') };
}

/** Plants a typo (replaces `from` with `to` on disk) and returns the 0-based line it is on. */
function plant(file: string, from: string, to: string): number {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  const planted = text.replace(from, to);
  writeFileSync(file, planted);
  return planted.split('\n').findIndex((line) => line.includes(to));
}

/** The schema files a diagnostic says it came from. */
function schemaUris(diagnostics: LspDiagnostic[]): string[] {
  return diagnostics.flatMap((d) => (d as { data?: { schemaUri?: string[] } }).data?.schemaUri ?? []);
}

beforeAll(async () => {
  server = new YamlLanguageServer(tmpdir());
  await server.start(tmpdir());
});

afterAll(async () => {
  await server?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('init output in yaml-language-server', () => {
  it('is the pinned 1.19.2 (the last release that supports Node 20)', () => {
    expect(yamlLanguageServer().version).toBe('1.19.2');
  });

  for (const kind of ['installed', 'checkout'] as const) {
    it(`${kind}: zero diagnostics on every generated file; planted typos are reported at their lines`, async () => {
      const { dir, schemas } = initProject(kind);
      for (const file of GENERATED) {
        expect(await server.diagnostics(join(dir, file)), file).toEqual([]);
      }
      const typos = [
        { file: 'orchestrator.yaml', from: 'runs_dir: .runs', to: 'runs_dri: .runs', schema: 'orchestrator.schema.json', says: /runs_dri is not allowed/ },
        { file: 'pipelines/hello.yaml', from: 'type: string', to: 'type: strng', schema: 'pipeline.schema.json', says: /Valid values: "string"/ },
        { file: 'pipelines/agent-loop.yaml', from: 'role: evaluate', to: 'role: evalute', schema: 'pipeline.schema.json', says: /Valid values: "interview"/ },
      ];
      for (const typo of typos) {
        const line = plant(join(dir, typo.file), typo.from, typo.to);
        const diagnostics = await server.diagnostics(join(dir, typo.file));
        const atLine = diagnostics.filter((d) => d.range.start.line === line);
        expect(atLine.map((d) => d.message).join('\n'), `${typo.file}:${line + 1}`).toMatch(typo.says);
        expect(new Set(schemaUris(diagnostics))).toEqual(new Set([pathToFileURL(join(schemas, typo.schema)).href]));
      }
    });
  }
});
