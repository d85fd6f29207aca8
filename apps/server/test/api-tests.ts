import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const apiRoot = fileURLToPath(new URL("../../api", import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return testFiles(path);
    }
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Reports whether a file, or a local module it imports, needs the Workers test pool. */
function needsWorkers(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file)) {
    return false;
  }
  seen.add(file);
  const source = readFileSync(file, "utf8");
  if (source.includes('"cloudflare:test"') || source.includes('"cloudflare:workers"')) {
    return true;
  }
  const imports = [...source.matchAll(/from "(\.{1,2}\/[^"]+\.ts)"/g)].map((match) => match[1] as string);
  return imports.some((path) => needsWorkers(resolve(dirname(file), path), seen));
}

/**
 * Lists the API's route tests that run on any runtime: those that reach the app only through
 * the helpers' test runtime. New tests are picked up as they are written; a test that imports
 * `cloudflare:test`, directly or through a helper, stays in the workerd pool only.
 */
export function portableApiTests(): string[] {
  return testFiles(join(apiRoot, "src"))
    .filter((file) => !needsWorkers(file))
    .map((file) => relative(apiRoot, file));
}
