// Reads the relative imports of our TypeScript sources, for the tests that guard src/'s shape
// (layering.test.ts, cycles.test.ts). Every form we write counts, type-only imports included.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The project's src/, found upwards from wherever this was bundled to (out/test/unit/…). */
export const SRC = (function findSrc(dir: string): string {
  if (existsSync(join(dir, 'esbuild.mjs'))) return join(dir, 'src');
  const up = dirname(dir);
  if (up === dir) throw new Error(`no project root above ${__dirname}`);
  return findSrc(up);
})(__dirname);

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(re)) specs.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return specs;
}

/** The source file a relative import lands in (`./x` → x.ts, `./dir` → dir/index.ts), if any. */
export function resolveImport(file: string, spec: string): string | undefined {
  const absolute = resolve(dirname(file), spec);
  return [`${absolute}.ts`, `${absolute}.tsx`, join(absolute, 'index.ts'), absolute].find((p) => existsSync(p) && statSync(p).isFile());
}
