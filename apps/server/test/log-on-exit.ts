import { jsonLogger } from "@herald/api";
import { processLogWriter } from "../src/log-writer.ts";

// Logs `count` lines (the first argument) and exits in the same turn, before any buffered
// write could run, so every line that arrives was written by the exit flush.
const count = Number(process.argv[2] ?? 100);
const log = jsonLogger({}, processLogWriter());
for (let index = 0; index < count; index += 1) {
  log.info("line", { index });
}
log.error("last line", { index: count });
process.exit(0);
