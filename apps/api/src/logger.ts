import type { LogFields, Logger } from "@herald/core";

export type LogLevel = "info" | "warn" | "error";

/** A destination for finished log lines, each one JSON object without a trailing newline. */
export type LogWriter = (level: LogLevel, line: string) => void;

/** Writes each line with console, which Workers collect as the Worker's logs. */
export const consoleLogWriter: LogWriter = (level, line) => {
  if (level === "error") {
    console.error(line);
  } else if (level === "warn") {
    console.warn(line);
  } else {
    console.log(line);
  }
};

/** Writes one JSON object per line: time, level, message, then the ids involved. */
export function jsonLogger(base: LogFields = {}, write: LogWriter = consoleLogWriter): Logger {
  const log = (level: LogLevel, message: string, fields?: LogFields) => {
    write(level, JSON.stringify({ time: new Date().toISOString(), level, message, ...base, ...fields }));
  };
  return {
    info: (message, fields) => log("info", message, fields),
    warn: (message, fields) => log("warn", message, fields),
    error: (message, fields) => log("error", message, fields),
  };
}
