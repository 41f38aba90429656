// Loads a pipeline file completely before anything runs: YAML, schema, semantics, nested files.
// Every problem of every file involved is reported at once, in one ValidationError.
import path from 'node:path';
import { NotFoundError, ValidationError, type Diagnostic } from '../errors/index.js';
import type { PipelineDocument } from '../model/generated/pipeline-document.js';
import type { Orchestrator, Pipeline } from '../model/index.js';
import { diagnosticAt, hasErrors, sortDiagnostics, uniqueDiagnostics } from './diagnostics.js';
import { checkNested, type NestedLoader, type NestedResult } from './nested.js';
import { normalisePipeline } from './normalise.js';
import { SourceMap } from './positions.js';
import { readSourceFile } from './read-file.js';
import { expandReuse } from './reuse.js';
import { repairPipeline } from './schema-repair.js';
import type { StageTemplateResult } from './stage-template-file.js';
import { validateAgainstSchema } from './schema-validate.js';
import { checkPipeline } from './semantics.js';
import { readYamlSource } from './yaml-source.js';

export interface LoadPipelineOptions {
  /** Project root; paths inside pipelines are relative to it. */
  root: string;
  /** When given, agent roles are checked to resolve to a runtime. */
  orchestrator?: Orchestrator;
  /** How file paths appear in diagnostics (default: relative to process.cwd()). */
  displayPath?: (abs: string) => string;
}

export interface LoadedPipeline {
  pipeline: Pipeline;
  warnings: Diagnostic[];
  /** Nested pipelines (at any depth), by absolute path. */
  children: Map<string, Pipeline>;
}

interface FileResult {
  pipeline?: Pipeline;
  diagnostics: Diagnostic[];
}

/** Paths relative to the current directory, as compilers print them. */
export function defaultDisplayPath(abs: string): string {
  return path.relative(process.cwd(), abs) || abs;
}

/** One load: caches nested files so each is read and reported once. */
class PipelineLoadSession implements NestedLoader {
  readonly children = new Map<string, Pipeline>();
  /** Diagnostics of nested files, one slot per file in the order their loading started. */
  private readonly nestedSlots: Diagnostic[][] = [];
  private readonly nested = new Map<string, NestedResult>();
  /** Stage template files (`uses:`), each read and checked once per load. */
  readonly templateFiles = new Map<string, StageTemplateResult>();

  constructor(private readonly options: LoadPipelineOptions) {}

  display(abs: string): string {
    return (this.options.displayPath ?? defaultDisplayPath)(abs);
  }

  loadText(text: string, file: string, stack: readonly string[]): FileResult {
    const display = this.display(file);
    const read = readYamlSource(text, file, display, 'a pipeline');
    if (!read.ok) return { diagnostics: read.diagnostics };
    const map = new SourceMap(read.source);
    const schemaProblems = validateAgainstSchema('pipeline', read.source.value);
    const repaired = schemaProblems.length > 0 ? repairPipeline(read.source.value, schemaProblems) : undefined;
    if (schemaProblems.length > 0 && !repaired) return { diagnostics: sortDiagnostics(schemaProblems.map((p) => map.diagnostic(p))) };
    // Schema-valid here: either as read, or repaired into a schema-valid copy.
    const reuse = expandReuse((repaired?.value ?? read.source.value) as unknown as PipelineDocument, {
      root: this.options.root,
      display: (abs) => this.display(abs),
      templateFiles: this.templateFiles,
    });
    const doc = reuse.doc;
    const normalised = normalisePipeline(doc, file, map);
    const ctx = {
      doc,
      map,
      pipeline: normalised.pipeline,
      entries: normalised.entries,
      root: this.options.root,
      orchestrator: this.options.orchestrator,
      brokenStages: new Set([...(repaired?.brokenStages ?? []), ...reuse.brokenStages]),
      partial: schemaProblems.length > 0,
    };
    const problems = [...schemaProblems, ...reuse.problems, ...normalised.problems, ...checkPipeline(ctx), ...checkNested(ctx, this, [...stack, file])];
    const diagnostics = sortDiagnostics(uniqueDiagnostics([...problems.map((p) => map.diagnostic(p)), ...reuse.diagnostics]));
    return { pipeline: hasErrors(diagnostics) ? undefined : normalised.pipeline, diagnostics };
  }

  /** Diagnostics of every nested file, parents before the files they nest. */
  nestedDiagnostics(): Diagnostic[] {
    return this.nestedSlots.flat();
  }

  loadNested(file: string, stack: readonly string[]): NestedResult {
    const cached = this.nested.get(file);
    if (cached) return cached;
    const read = readSourceFile(file);
    let result: NestedResult;
    if (!read.ok) {
      result = { status: read.missing ? 'missing' : 'unreadable', message: read.message };
    } else {
      const slot = this.nestedSlots.push([]) - 1;
      const loaded = this.loadText(read.text, file, stack);
      this.nestedSlots[slot] = loaded.diagnostics;
      if (loaded.pipeline) this.children.set(file, loaded.pipeline);
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error').length;
      result = loaded.pipeline ? { status: 'ok', pipeline: loaded.pipeline } : { status: 'invalid', errors, display: this.display(file) };
    }
    this.nested.set(file, result);
    return result;
  }
}

/** Loads and validates pipeline text (nested pipeline files are read from disk); throws ValidationError. */
export function loadPipelineText(text: string, file: string, options: LoadPipelineOptions): LoadedPipeline {
  const abs = path.resolve(file);
  const session = new PipelineLoadSession(options);
  const own = session.loadText(text, abs, []);
  const diagnostics = [...own.diagnostics, ...session.nestedDiagnostics()];
  if (!own.pipeline || hasErrors(diagnostics)) throw new ValidationError(diagnostics);
  return { pipeline: own.pipeline, warnings: diagnostics.filter((d) => d.severity === 'warning'), children: session.children };
}

/** Reads, loads and validates a pipeline file and, recursively, the pipelines it nests. */
export function loadPipelineFile(file: string, options: LoadPipelineOptions): LoadedPipeline {
  const abs = path.resolve(file);
  const read = readSourceFile(abs);
  if (!read.ok) {
    const display = (options.displayPath ?? defaultDisplayPath)(abs);
    if (read.missing) throw new NotFoundError(`${display}: no such pipeline file`);
    throw new ValidationError([diagnosticAt(display, { line: 1, col: 1 }, read.message)]);
  }
  return loadPipelineText(read.text, abs, options);
}
