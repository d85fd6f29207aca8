/**
 * A TCP connection as Web Streams of bytes, the shape that both `cloudflare:sockets` and an
 * adapter over `node:net` can offer, so protocol clients such as SMTP run in either runtime.
 */
export interface ByteSocket {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  /** Resolves once the connection (and the TLS handshake, if any) is up, rejects if it fails. */
  readonly opened: Promise<void>;
  /**
   * Upgrades a connection opened with `secureTransport: "starttls"` to TLS and returns the
   * secure socket. The caller must release its reader and writer locks first, and must not
   * use this socket afterwards.
   */
  startTls(): ByteSocket;
  /** Closes the connection. Pending reads end and pending writes fail. */
  close(): Promise<void>;
}

/**
 * TLS mode of a new connection, named as in `cloudflare:sockets`: `off` is plaintext, `on` is
 * TLS from the first byte, and `starttls` is plaintext that may be upgraded later.
 */
export type SecureTransport = "off" | "on" | "starttls";

export interface ConnectOptions {
  secureTransport: SecureTransport;
}

/** Opens TCP connections. `connect` returns at once; failures surface through `opened`. */
export interface SocketConnector {
  connect(host: string, port: number, options: ConnectOptions): ByteSocket;
}
