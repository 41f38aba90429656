// One problem found in a file (a pure data type: config produces them, errors carries them,
// reporters and the CLI print them).

/** One problem found in a file, printed as `file:line:col: message`. */
export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  message: string;
  severity: 'error' | 'warning';
}
