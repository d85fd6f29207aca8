import type { LogLevel, LogWriter } from "@herald/api";

/** The part of a stream the writer uses, as `process.stdout` provides it. */
export interface TextStream {
  write(chunk: string): unknown;
}

export interface BufferedLogWriter {
  write: LogWriter;
  /** Writes every buffered line now. */
  flush(): void;
}

/** Buffered characters past which the lines are written at once rather than at the end of the turn. */
const MAX_BUFFERED_CHARS = 64 * 1024;

/**
 * Buffers log lines and writes them with one `write` per stream and event-loop turn. On Linux
 * a write to a pipe or a file is synchronous, so writing each line on its own cost more than
 * building it. Info lines go to `out`, warnings and errors to `err`, as console sends them.
 */
export function bufferedLogWriter(out: TextStream, err: TextStream): BufferedLogWriter {
  let outText = "";
  let errText = "";
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    if (outText !== "") {
      const chunk = outText;
      outText = "";
      out.write(chunk);
    }
    if (errText !== "") {
      const chunk = errText;
      errText = "";
      err.write(chunk);
    }
  };

  const write = (level: LogLevel, line: string) => {
    if (level === "info") {
      outText += `${line}\n`;
    } else {
      errText += `${line}\n`;
    }
    if (outText.length + errText.length > MAX_BUFFERED_CHARS) {
      flush();
    } else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return { write, flush };
}

let processWriter: BufferedLogWriter | undefined;

/**
 * Returns the buffered writer of this process for stdout and stderr. It also flushes when the
 * process exits, which covers `process.exit` after SIGTERM or SIGINT. A SIGKILL loses at most
 * the lines of the current turn.
 */
export function processLogWriter(): LogWriter {
  if (processWriter === undefined) {
    const writer = bufferedLogWriter(process.stdout, process.stderr);
    process.on("exit", writer.flush);
    processWriter = writer;
  }
  return processWriter.write;
}
