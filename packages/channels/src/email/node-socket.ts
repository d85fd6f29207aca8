import net from "node:net";
import tls from "node:tls";
import type { ByteSocket, ConnectOptions, SocketConnector } from "../socket.ts";

export interface NodeSocketOptions {
  /** Certificates to trust in place of Node's default CA list, e.g. a local self-signed one. */
  ca?: string | Buffer | Array<string | Buffer>;
}

/** Creates a connector over `node:net` and `node:tls`, for Node servers and tests. */
export function createNodeSocketConnector(options: NodeSocketOptions = {}): SocketConnector {
  return {
    connect(host: string, port: number, connectOptions: ConnectOptions): ByteSocket {
      if (connectOptions.secureTransport === "on") {
        const socket = tls.connect({ port, ...tlsOptions(host, options) });
        return wrapSocket(socket, "secureConnect");
      }
      const socket = net.connect({ host, port });
      const upgrade = connectOptions.secureTransport === "starttls" ? options : undefined;
      return wrapSocket(socket, "connect", upgrade && { host, options: upgrade });
    },
  };
}

interface Upgrade {
  host: string;
  options: NodeSocketOptions;
}

/** Returns the options that make Node check the server certificate against `host`. */
function tlsOptions(host: string, options: NodeSocketOptions): tls.ConnectionOptions {
  // RFC 6066 does not allow an IP address as the SNI server name.
  const servername = net.isIP(host) === 0 ? host : undefined;
  // Node checks the certificate against `servername`, else `host`, which must be set even
  // when an existing socket is upgraded, or the check uses "localhost".
  return { host, servername, ca: options.ca };
}

function wrapSocket(
  socket: net.Socket,
  readyEvent: "connect" | "secureConnect",
  upgrade?: Upgrade,
): ByteSocket {
  const opened = waitForEvent(socket, readyEvent);
  const readable = createReadable(socket);
  let upgraded = false;

  return {
    readable: readable.stream,
    writable: createWritable(socket),
    opened,
    startTls(): ByteSocket {
      if (!upgrade || upgraded) {
        throw new Error("startTls() requires a connection opened with secureTransport starttls");
      }
      upgraded = true;
      readable.detach();
      // The TLS socket reports errors from now on; this keeps a late raw error from crashing Node.
      socket.on("error", () => undefined);
      const secure = tls.connect({ socket, ...tlsOptions(upgrade.host, upgrade.options) });
      return wrapSocket(secure, "secureConnect");
    },
    close: () => destroy(socket),
  };
}

function waitForEvent(socket: net.Socket, event: string): Promise<void> {
  const opened = new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    socket.once("error", onError);
    socket.once(event, () => {
      socket.off("error", onError);
      resolve();
    });
    socket.once("close", () => reject(new Error("connection closed before it opened")));
  });
  // A caller that closes the socket before awaiting `opened` must not cause an unhandled rejection.
  opened.catch(() => undefined);
  return opened;
}

function createReadable(socket: net.Socket) {
  let finished = false;
  let controller: ReadableStreamDefaultController<Uint8Array>;

  const onData = (chunk: Buffer) => {
    if (finished) {
      return;
    }
    controller.enqueue(new Uint8Array(chunk));
    if ((controller.desiredSize ?? 0) <= 0) {
      socket.pause();
    }
  };
  const onEnd = () => finish(() => controller.close());
  const onError = (error: Error) => finish(() => controller.error(error));
  const finish = (action: () => void) => {
    if (!finished) {
      finished = true;
      action();
    }
  };

  const stream = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
      socket.on("data", onData);
      socket.on("end", onEnd);
      socket.on("close", onEnd);
      socket.on("error", onError);
    },
    pull() {
      socket.resume();
    },
    cancel() {
      // A cancelled stream throws on close(), so the socket's close event must not call it.
      finished = true;
      socket.destroy();
    },
  });

  const detach = () => {
    socket.off("data", onData);
    socket.off("end", onEnd);
    socket.off("close", onEnd);
    socket.off("error", onError);
    finish(() => controller.close());
  };
  return { stream, detach };
}

function createWritable(socket: net.Socket): WritableStream<Uint8Array> {
  return new WritableStream<Uint8Array>({
    write(chunk) {
      return new Promise<void>((resolve, reject) => {
        socket.write(chunk, (error) => (error ? reject(error) : resolve()));
      });
    },
    close() {
      return new Promise<void>((resolve) => socket.end(resolve));
    },
    abort() {
      socket.destroy();
    },
  });
}

function destroy(socket: net.Socket): Promise<void> {
  if (socket.closed) {
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    socket.once("close", () => resolve());
    socket.destroy();
  });
}
