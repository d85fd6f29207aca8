import { connect } from "cloudflare:sockets";
import { createWorkersSocketConnector } from "./email/workers-socket.ts";

/** The socket connector for code running inside workerd. */
export const workersSocketConnector = createWorkersSocketConnector(connect);
