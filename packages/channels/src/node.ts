export { createNodeSocketConnector } from "./email/node-socket.ts";
