import type { ByteSocket, ConnectOptions, SocketConnector } from "../socket.ts";

/** The part of a `cloudflare:sockets` Socket that the adapter uses. */
export interface WorkersSocket {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  readonly opened: Promise<unknown>;
  close(): Promise<void>;
  startTls(): WorkersSocket;
}

/** The signature of `connect()` from `cloudflare:sockets`. */
export type WorkersConnect = (
  address: { hostname: string; port: number },
  options: { secureTransport: "off" | "on" | "starttls"; allowHalfOpen: boolean },
) => WorkersSocket;

/**
 * Creates a connector over the Workers TCP API. It takes `connect` as an argument so that this
 * module never imports `cloudflare:sockets`, which only the Workers runtime can resolve:
 *
 * @example
 * import { connect } from "cloudflare:sockets";
 * const connector = createWorkersSocketConnector(connect);
 */
export function createWorkersSocketConnector(connect: WorkersConnect): SocketConnector {
  return {
    connect(host: string, port: number, options: ConnectOptions): ByteSocket {
      const address = { hostname: host, port };
      try {
        const socket = connect(address, {
          secureTransport: options.secureTransport,
          allowHalfOpen: false,
        });
        return wrapSocket(socket);
      } catch (error) {
        // A synchronous throw becomes a failed `opened`, the same as a refused connection.
        return failedSocket(error);
      }
    },
  };
}

function wrapSocket(socket: WorkersSocket): ByteSocket {
  const opened = socket.opened.then(() => undefined);
  opened.catch(() => undefined);
  return {
    readable: socket.readable,
    writable: socket.writable,
    opened,
    startTls: () => wrapSocket(socket.startTls()),
    close: () => socket.close(),
  };
}

function failedSocket(error: unknown): ByteSocket {
  const opened = Promise.reject(error);
  opened.catch(() => undefined);
  return {
    readable: new ReadableStream({ start: (controller) => controller.error(error) }),
    writable: new WritableStream({ start: (controller) => controller.error(error) }),
    opened,
    startTls: () => failedSocket(error),
    close: async () => undefined,
  };
}
