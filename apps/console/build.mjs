#!/usr/bin/env node
// Builds the console into dist/, which wrangler serves as static assets under /console/.
// wrangler runs this before `wrangler dev` and `wrangler deploy`. The test configs call
// buildConsole() themselves, because the Workers test pool does not run wrangler's build.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const packageDir = dirname(fileURLToPath(import.meta.url));
export const distDir = join(packageDir, "dist");

// Everything the console loads comes from its own origin. Email previews render in a
// sandboxed frame without scripts, and may use inline styles and https images, as email does.
const SECURITY_HEADERS = [
  "/console/*",
  "  Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
  "  X-Content-Type-Options: nosniff",
  "  Referrer-Policy: no-referrer",
  "",
].join("\n");

export async function buildConsole() {
  const out = join(distDir, "console");
  rmSync(distDir, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(packageDir, "src", "main.ts")],
    outfile: join(out, "app.js"),
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: true,
    sourcemap: "linked",
    legalComments: "none",
    logLevel: "warning",
  });
  cpSync(join(packageDir, "static"), out, { recursive: true });
  writeFileSync(join(distDir, "_headers"), SECURITY_HEADERS);
  writeFileSync(join(distDir, "_redirects"), "/ /console/ 302\n");
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildConsole();
}
