// The edit distance behind every "did you mean" suggestion (pipeline keys and ids, run ids).

/** Optimal-string-alignment distance: edits, with a swap of two neighbours counting as one. */
export function editDistance(a: string, b: string): number {
  // Three rolling rows of the distance table (i-2, i-1, i); `cell` reads inside the bounds the loops keep.
  const cell = (row: readonly number[], j: number): number => row[j] ?? 0;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(cell(previous, j) + 1, cell(current, j - 1) + 1, cell(previous, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, cell(before, j - 2) + 1);
      current.push(distance);
    }
    before = previous;
    previous = current;
  }
  return cell(previous, b.length);
}
