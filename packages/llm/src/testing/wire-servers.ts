/**
 * Local HTTP servers that speak the Anthropic Messages and OpenAI Chat Completions wire
 * formats, so the real SDKs are exercised end to end. Each test scripts the replies.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type WireReply =
  | { status: number; headers?: Record<string, string>; body: unknown }
  | { hang: true };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

export interface WireServer {
  /** Base URL for the SDK: Anthropic takes the origin, OpenAI `${url}/v1`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Replies in order; when empty, `fallback` answers. */
  script(...replies: WireReply[]): void;
  setFallback(reply: WireReply): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startWireServer(initialFallback: WireReply): Promise<WireServer> {
  const queue: WireReply[] = [];
  let fallback = initialFallback;
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      requests.push({
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: text.length > 0 ? (JSON.parse(text) as Record<string, unknown>) : {},
      });
      const reply = queue.shift() ?? fallback;
      if ("hang" in reply) {
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => {
      queue.push(...replies);
    },
    setFallback: (reply) => {
      fallback = reply;
    },
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      fallback = initialFallback;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

let counter = 0;
const id = (prefix: string) => `${prefix}_${(++counter).toString(36).padStart(8, "0")}`;

export const anthropic = {
  toolUse(input: unknown, model = "claude-test"): WireReply {
    return {
      status: 200,
      headers: { "request-id": id("req") },
      body: {
        id: id("msg"),
        type: "message",
        role: "assistant",
        model,
        content: [{ type: "tool_use", id: id("toolu"), name: "record_supplier_response", input }],
        stop_reason: "tool_use",
        stop_sequence: null,
        usage: { input_tokens: 1200, output_tokens: 90 },
      },
    };
  },
  text(text: string): WireReply {
    return {
      status: 200,
      body: {
        id: id("msg"),
        type: "message",
        role: "assistant",
        model: "claude-test",
        content: [{ type: "text", text }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: { input_tokens: 1200, output_tokens: 30 },
      },
    };
  },
  error(
    status: number,
    type: string,
    message: string,
    headers: Record<string, string> = {},
  ): WireReply {
    return {
      status,
      headers: { "request-id": id("req"), ...headers },
      body: { type: "error", error: { type, message }, request_id: id("req") },
    };
  },
};

export const openai = {
  toolCall(args: unknown, model = "gpt-test"): WireReply {
    return {
      status: 200,
      headers: { "x-request-id": id("req") },
      body: {
        id: id("chatcmpl"),
        object: "chat.completion",
        created: 1_764_000_000,
        model,
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: null,
              refusal: null,
              tool_calls: [
                {
                  id: id("call"),
                  type: "function",
                  function: {
                    name: "record_supplier_response",
                    arguments: typeof args === "string" ? args : JSON.stringify(args),
                  },
                },
              ],
            },
            finish_reason: "tool_calls",
            logprobs: null,
          },
        ],
        usage: { prompt_tokens: 1100, completion_tokens: 80, total_tokens: 1180 },
      },
    };
  },
  error(
    status: number,
    type: string,
    code: string | null,
    message: string,
    headers: Record<string, string> = {},
  ): WireReply {
    return {
      status,
      headers: { "x-request-id": id("req"), ...headers },
      body: { error: { message, type, param: null, code } },
    };
  },
};
