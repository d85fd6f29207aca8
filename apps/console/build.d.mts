/** The folder wrangler serves as static assets. */
export const distDir: string;

/** Builds the console into `distDir`. */
export function buildConsole(): Promise<void>;
