// Guards the shape of src/ (DESIGN.md, "Layers"): no import cycle, type-only imports included, and
// no source file so long that it holds several jobs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { importsOf, resolveImport, sourceFiles, SRC } from './support/sourceImports';

/** Every cycle of the graph, as the strongly connected components of more than one node (or a self-import). */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm, iterative so a deep import chain cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; edge: number }[] = [{ node: root, edge: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const edges = graph.get(top.node) ?? [];
      if (top.edge < edges.length) {
        const w = edges[top.edge++];
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, edge: 0 });
        } else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) !== index.get(top.node)) continue;
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== top.node);
      if (component.length > 1 || edges.includes(top.node)) out.push(component.reverse());
    }
  }
  return out;
}

const files = sourceFiles(SRC);

test('the cycle finder finds a cycle, and none in a chain', () => {
  const cyclic = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
  assert.deepEqual(cyclesOf(cyclic).map((c) => [...c].sort()), [['a', 'b', 'c']]);
  assert.deepEqual(cyclesOf(new Map([['a', ['a']]])), [['a']], 'a file importing itself');
  assert.deepEqual(cyclesOf(new Map([['a', ['b']], ['b', ['c']], ['c', []]])), []);
});

test('src/ has no import cycle, type-only imports included', () => {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const deps = importsOf(file).filter((s) => s.startsWith('.')).map((s) => resolveImport(file, s));
    graph.set(file, deps.filter((d): d is string => d !== undefined));
  }
  const cycles = cyclesOf(graph).map((c) => c.map((f) => relative(SRC, f)).join(' → '));
  assert.deepEqual(cycles, []);
});

test('every relative import in src/ lands in a source file', () => {
  const unresolved = files.flatMap((file) =>
    importsOf(file)
      .filter((s) => s.startsWith('.') && resolveImport(file, s) === undefined)
      .map((s) => `${relative(SRC, file)} imports ${s}`),
  );
  assert.deepEqual(unresolved, []);
});

test('no source file in src/ is over 600 lines', () => {
  const long = files
    .map((f) => ({ file: relative(SRC, f), lines: readFileSync(f, 'utf8').split('\n').length }))
    .filter((f) => f.lines > 600)
    .map((f) => `${f.file}: ${f.lines} lines`);
  assert.deepEqual(long, []);
});
