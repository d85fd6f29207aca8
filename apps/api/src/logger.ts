import type { LogFields, Logger } from "@herald/core";

type Level = "info" | "warn" | "error";

/** Writes one JSON object per line: time, level, message, then the ids involved. */
export function jsonLogger(base: LogFields = {}): Logger {
  const write = (level: Level, message: string, fields?: LogFields) => {
    const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...base, ...fields });
    if (level === "error") {
      console.error(line);
    } else if (level === "warn") {
      console.warn(line);
    } else {
      console.log(line);
    }
  };
  return {
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
  };
}
