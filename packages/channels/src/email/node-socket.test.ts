import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createNodeSocketConnector } from "./node-socket.ts";

const connector = createNodeSocketConnector();
let server: net.Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(onConnection: (socket: net.Socket) => void): Promise<number> {
  server = net.createServer(onConnection);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

describe("Node socket connector", () => {
  it("reads what the peer writes", async () => {
    const port = await listen((socket) => socket.end("220 hello\r\n"));
    const socket = connector.connect("127.0.0.1", port, { secureTransport: "off" });
    await socket.opened;
    const reader = socket.readable.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("220 hello\r\n");
    expect((await reader.read()).done).toBe(true);
  });

  it("rejects opened for a refused connection", async () => {
    const port = await listen(() => undefined);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const socket = connector.connect("127.0.0.1", port, { secureTransport: "off" });
    await expect(socket.opened).rejects.toThrow(/ECONNREFUSED/);
  });

  it("ends a pending read on close", async () => {
    const port = await listen(() => undefined);
    const socket = connector.connect("127.0.0.1", port, { secureTransport: "off" });
    await socket.opened;
    const read = socket.readable.getReader().read();
    await socket.close();
    expect((await read).done).toBe(true);
  });

  it("survives a peer close after cancel", async () => {
    let peer: net.Socket | undefined;
    const port = await listen((socket) => {
      peer = socket;
    });
    const socket = connector.connect("127.0.0.1", port, { secureTransport: "off" });
    await socket.opened;
    await socket.readable.cancel();
    peer?.destroy();
    await socket.close();
    expect(socket.readable.locked).toBe(false);
  });

  it("rejects startTls without starttls mode", async () => {
    const port = await listen(() => undefined);
    const socket = connector.connect("127.0.0.1", port, { secureTransport: "off" });
    expect(() => socket.startTls()).toThrow("secureTransport starttls");
    await socket.close();
  });
});
