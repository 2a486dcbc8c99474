/**
 * An HTTP proxy on 127.0.0.1 in front of the test S3 server that injects
 * faults on chosen requests: a 503 answer, a dropped connection, a response
 * cut short or held back, or the whole "server" going away. Requests pass through
 * unchanged otherwise (the Host header included, so signatures still match).
 */
import { once } from "node:events";
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** What happens to one request. */
export type Fault =
  | "pass"
  | "unavailable"
  | "drop"
  | { readonly cutResponseAfter: number }
  /** The server acts on the request at once, but its answer leaves only after this many ms. */
  | { readonly delayResponse: number }
  | { readonly status: number; readonly code: string };

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  /** The `Range` header, when the request had one. */
  readonly range?: string | undefined;
}

export interface FaultProxy {
  readonly endpoint: string;
  /** Every request received, in order. */
  readonly seen: SeenRequest[];
  /** Chooses the fault for each request; `index` counts from 0. */
  rule: (request: SeenRequest, index: number) => Fault;
  /** The server goes away: open connections are cut and new ones refused. */
  stop(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const seen: SeenRequest[] = [];
  const proxy: FaultProxy = {
    endpoint: "",
    seen,
    rule: () => "pass",
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };

  const server = createServer((req, res) => {
    const entry = { method: req.method ?? "GET", url: req.url ?? "/", range: req.headers.range };
    const fault = proxy.rule(entry, seen.length);
    seen.push(entry);

    if (fault === "drop") {
      req.socket.destroy();
      return;
    }
    if (fault === "unavailable" || (typeof fault === "object" && "status" in fault)) {
      const [status, code] =
        fault === "unavailable" ? [503, "ServiceUnavailable"] : [fault.status, fault.code];
      req.resume();
      req.once("end", () => {
        res.writeHead(status, { "content-type": "application/xml" });
        res.end(
          `<?xml version="1.0"?><Error><Code>${code}</Code><Message>injected</Message></Error>`,
        );
      });
      return;
    }

    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer: IncomingMessage) => {
        if (typeof fault === "object" && "delayResponse" in fault) {
          setTimeout(() => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          }, fault.delayResponse);
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (fault === "pass") {
          answer.pipe(res);
          return;
        }
        let left = fault.cutResponseAfter;
        answer.on("data", (chunk: Buffer) => {
          if (left <= 0) return;
          res.write(chunk.subarray(0, left));
          left -= chunk.byteLength;
          if (left <= 0) {
            answer.destroy();
            // Give the written bytes a moment to leave, then cut the connection.
            setImmediate(() => res.socket?.destroy());
          }
        });
      },
    );
    forward.on("error", () => res.socket?.destroy());
    req.pipe(forward);
  });

  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  Object.assign(proxy, { endpoint: `http://127.0.0.1:${port}` });
  return proxy;
}
