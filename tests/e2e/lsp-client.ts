// A minimal Language Server Protocol client over stdio, enough to ask the real
// yaml-language-server (a devDependency) for the diagnostics of files on disk.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  severity?: number;
  source?: string;
}

interface Message {
  id?: number;
  method?: string;
  params?: { uri?: string; diagnostics?: LspDiagnostic[]; items?: { section?: string }[] };
  result?: unknown;
  error?: { message: string };
}

/** The installed yaml-language-server's version and the path of its bin script. */
export function yamlLanguageServer(): { version: string; bin: string } {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('yaml-language-server/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string; bin: Record<string, string> };
  return { version: pkg.version, bin: join(dirname(manifest), pkg.bin['yaml-language-server']) };
}

/** A running yaml-language-server with a JSON-RPC connection over its stdin/stdout. */
export class YamlLanguageServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (message: Message) => void>();
  private readonly versions = new Map<string, number>();
  private readonly waiting = new Map<string, (diagnostics: LspDiagnostic[]) => void>();
  stderr = '';
  /** The settings answered to `workspace/configuration`: validation on, no schema store (no network). */
  private readonly settings: Record<string, unknown> = {
    yaml: { validate: true, schemaStore: { enable: false } },
  };

  constructor(rootDir: string) {
    this.child = spawn(process.execPath, [yamlLanguageServer().bin, '--stdio'], { cwd: rootDir, stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  /**
   * initialize + initialized + the settings; resolves once the server validates: until its
   * settings are applied it publishes empty diagnostics, so a sentinel with a syntax error is
   * open until its diagnostics arrive non-empty (the server re-validates open files then).
   */
  async start(rootDir: string): Promise<void> {
    const rootUri = pathToFileURL(rootDir).href;
    await this.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'project' }],
      capabilities: { textDocument: { publishDiagnostics: { relatedInformation: false } } },
    });
    this.notify('initialized', {});
    this.notify('workspace/didChangeConfiguration', { settings: this.settings });
    const sentinel = join(rootDir, '.lsp-sentinel.yaml');
    let diagnostics = await this.diagnostics(sentinel, 'key: [unclosed\n');
    while (diagnostics.length === 0) diagnostics = await this.nextDiagnostics(pathToFileURL(sentinel).href);
  }

  /** Opens a file, or changes it if open (text from disk, or `text`); resolves with the diagnostics published next. */
  diagnostics(file: string, text: string = readFileSync(file, 'utf8')): Promise<LspDiagnostic[]> {
    const uri = pathToFileURL(file).href;
    const result = this.nextDiagnostics(uri);
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    if (version === 1) this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    else this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return result;
  }

  /** The next diagnostics published for `uri`. */
  private nextDiagnostics(uri: string): Promise<LspDiagnostic[]> {
    return new Promise<LspDiagnostic[]>((resolve) => this.waiting.set(uri, resolve));
  }

  /** shutdown + exit, and waits for the process to end. */
  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.exitCode === null) {
      await this.request('shutdown', null);
      this.notify('exit', null);
      await exited;
    }
  }

  /** Sends a request and resolves with its result. */
  private request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (message) => (message.error ? reject(new Error(message.error.message)) : resolve(message.result)));
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Sends a notification. */
  private notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Writes one framed message. */
  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  /** Splits the stream into framed messages and dispatches them. */
  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  /** Responses settle requests; server requests get answers; diagnostics reach waiters. */
  private dispatch(message: Message): void {
    if (message.id !== undefined && message.method === undefined) {
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    } else if (message.id !== undefined) {
      const items = message.method === 'workspace/configuration' ? (message.params?.items ?? []) : null;
      const result = items === null ? null : items.map((item) => this.settings[item.section ?? ''] ?? null);
      this.send({ jsonrpc: '2.0', id: message.id, result });
    } else if (message.method === 'textDocument/publishDiagnostics' && message.params?.uri) {
      const { uri, diagnostics = [] } = message.params;
      this.waiting.get(uri)?.(diagnostics);
      this.waiting.delete(uri);
    }
  }
}
