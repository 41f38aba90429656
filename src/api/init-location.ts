// Where the running flowstate lives relative to a project: decides the schema modelines and
// how `flowstate init` tells the user to call the CLI.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { runningPackageRoot } from './package-root.js';
import type { SchemaRefs } from './init-templates.js';

/** The npm package name; `npx flowstate` resolves to it only where it is installed. */
export const PACKAGE_NAME = 'flowstate-cli';

/**
 * How the project sees flowstate:
 * - `project`: installed in node_modules/flowstate-cli of the project or a parent directory;
 * - `checkout`: the project lies inside a checkout of flowstate itself (its own schemas/);
 * - `elsewhere`: a global install or an npx cache; the project should install it.
 */
export type InstallKind = 'project' | 'checkout' | 'elsewhere';

export interface InstallLocation {
  kind: InstallKind;
  /** The project directory, spelled so that it relates to `schemasDir` by a relative path. */
  projectDir: string;
  /** The schemas/ directory the modelines point at (for `elsewhere`: where it will be once installed). */
  schemasDir: string;
  /** How to call the CLI in this project: `npx flowstate` or `flowstate`. */
  command: string;
}

/** The nearest node_modules/flowstate-cli at or above `dir`, if any. */
function installedPackageAbove(dir: string): string | null {
  let current = dir;
  for (;;) {
    const candidate = join(current, 'node_modules', PACKAGE_NAME);
    if (existsSync(join(candidate, 'schemas', 'pipeline.schema.json'))) return candidate;
    const parent = dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

/** True when `child` is `parent` or lies inside it. */
function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Decides how the project at `projectDir` sees flowstate (see InstallKind). */
export function locateInstall(projectDir: string, packageRoot: string = runningPackageRoot()): InstallLocation {
  const installed = installedPackageAbove(projectDir);
  // Paths under node_modules stay as spelled (a linked package must not leak its real path).
  if (installed !== null) return { kind: 'project', projectDir, schemasDir: join(installed, 'schemas'), command: 'npx flowstate' };
  const realProject = realpathSync(projectDir);
  if (isInside(packageRoot, realProject)) {
    return { kind: 'checkout', projectDir: realProject, schemasDir: join(packageRoot, 'schemas'), command: 'npx flowstate' };
  }
  const expected = join(projectDir, 'node_modules', PACKAGE_NAME, 'schemas');
  return { kind: 'elsewhere', projectDir, schemasDir: expected, command: 'flowstate' };
}

/** A relative modeline path from `fromDir` to `file`, with `/` separators and a leading `./` or `../`. */
function modelinePath(fromDir: string, file: string): string {
  const rel = relative(fromDir, file).split(sep).join('/');
  return rel.startsWith('../') ? rel : `./${rel}`;
}

/** The modeline targets of orchestrator.yaml (in the project root) and of pipelines/*.yaml. */
export function schemaRefs(location: InstallLocation): SchemaRefs {
  const { projectDir, schemasDir } = location;
  return {
    orchestrator: modelinePath(projectDir, join(schemasDir, 'orchestrator.schema.json')),
    pipeline: modelinePath(join(projectDir, 'pipelines'), join(schemasDir, 'pipeline.schema.json')),
  };
}
