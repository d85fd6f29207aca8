import net, { type AddressInfo } from "node:net";

/** The server side of one connection, driven line by line by a test. */
export interface ScriptedPeer {
  send(text: string): void;
  /** Resolves with the next line from the client, without its CRLF. */
  readLine(): Promise<string>;
  /** Reads DATA content up to and including the line with a single `.`. */
  readData(): Promise<string>;
  /** Closes the connection at once, as a crashed server would. */
  destroy(): void;
}

export interface ScriptedServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts a TCP server on 127.0.0.1 that runs `script` for each connection, for replies that a
 * real SMTP server would not send: stalls, dropped connections and malformed lines.
 */
export async function startScriptedServer(
  script: (peer: ScriptedPeer) => Promise<void>,
): Promise<ScriptedServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    script(createPeer(socket)).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

function createPeer(socket: net.Socket): ScriptedPeer {
  let buffer = "";
  let waiting: (() => void) | undefined;
  let ended = false;
  socket.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("latin1");
    waiting?.();
  });
  socket.on("close", () => {
    ended = true;
    waiting?.();
  });

  const readLine = async (): Promise<string> => {
    for (;;) {
      const end = buffer.indexOf("\r\n");
      if (end >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return line;
      }
      if (ended) {
        throw new Error("client closed the connection");
      }
      await new Promise<void>((resolve) => {
        waiting = resolve;
      });
    }
  };

  return {
    send: (text) => socket.write(text),
    readLine,
    async readData() {
      const lines: string[] = [];
      for (let line = await readLine(); line !== "."; line = await readLine()) {
        lines.push(line);
      }
      return `${lines.join("\r\n")}\r\n`;
    },
    destroy: () => socket.destroy(),
  };
}

/** Sends the greeting and accepts EHLO, MAIL FROM, RCPT TO and DATA, as a minimal server would. */
export async function acceptUntilData(peer: ScriptedPeer, ehloReply = "250 ok\r\n"): Promise<void> {
  peer.send("220 scripted ESMTP\r\n");
  await peer.readLine();
  peer.send(ehloReply);
  await peer.readLine();
  peer.send("250 sender ok\r\n");
  await peer.readLine();
  peer.send("250 recipient ok\r\n");
  await peer.readLine();
  peer.send("354 go ahead\r\n");
}
