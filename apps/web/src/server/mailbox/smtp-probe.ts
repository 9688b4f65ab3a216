/**
 * Logs in to an SMTP server and quits, sending nothing: the "test" half of "Test and save". The
 * mail package exports no SMTP verify (its nodemailer transport is internal to `send`), so this is
 * the few commands a login needs — greeting, EHLO, STARTTLS when offered, AUTH PLAIN or LOGIN.
 */
// No "server-only" marker: node:net already keeps it out of the browser, and its test imports it.
import { connect as netConnect, type Socket } from "node:net";
import { type TLSSocket, connect as tlsConnect } from "node:tls";

export type SmtpProbeFailureKind = "auth" | "unreachable" | "tls" | "protocol";

export class SmtpProbeError extends Error {
  override readonly name = "SmtpProbeError";
  constructor(
    readonly kind: SmtpProbeFailureKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface SmtpProbeOptions {
  host: string;
  port: number;
  /** TLS from the first byte (465); false means STARTTLS when the server offers it (587). */
  secure: boolean;
  user: string;
  pass: string;
  timeoutMs?: number;
}

interface Reply {
  code: number;
  lines: string[];
}

const TLS_CODE = /^(ERR_SSL|ERR_TLS|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|HOSTNAME_MISMATCH)/;

/** A line reader over one socket that can be swapped for its TLS upgrade. */
class Conversation {
  private buffer = "";
  private waiting: ((reply: Reply | Error) => void) | undefined;
  private pending: Reply | Error | undefined;
  private lines: string[] = [];

  constructor(
    public socket: Socket | TLSSocket,
    private readonly where: string,
  ) {
    this.attach(socket);
  }

  attach(socket: Socket | TLSSocket): void {
    this.socket = socket;
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.read(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) =>
      this.fail(classifySocketError(error, this.where)),
    );
    socket.on("close", () =>
      this.fail(new SmtpProbeError("unreachable", `${this.where} closed the connection.`)),
    );
  }

  detach(): void {
    this.socket.removeAllListeners("data");
    this.socket.removeAllListeners("error");
    this.socket.removeAllListeners("close");
    // A late error on a socket being let go must not crash the server.
    this.socket.on("error", () => {});
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    let newline = this.buffer.indexOf("\n");
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, "");
      this.buffer = this.buffer.slice(newline + 1);
      this.lines.push(line);
      if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) {
        this.deliver({ code: Number(line.slice(0, 3)), lines: this.lines });
        this.lines = [];
      }
      newline = this.buffer.indexOf("\n");
    }
  }

  private deliver(reply: Reply | Error): void {
    const waiting = this.waiting;
    if (waiting !== undefined) {
      this.waiting = undefined;
      waiting(reply);
    } else {
      this.pending ??= reply;
    }
  }

  private fail(error: Error): void {
    this.deliver(error);
  }

  next(): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const settle = (reply: Reply | Error) =>
        reply instanceof Error ? reject(reply) : resolve(reply);
      if (this.pending !== undefined) {
        const reply = this.pending;
        this.pending = undefined;
        settle(reply);
        return;
      }
      this.waiting = settle;
    });
  }

  async command(line: string): Promise<Reply> {
    this.socket.write(`${line}\r\n`);
    return this.next();
  }
}

function classifySocketError(error: NodeJS.ErrnoException, where: string): SmtpProbeError {
  const code = error.code ?? "";
  if (TLS_CODE.test(code) || /ssl|tls|certificate/i.test(error.message)) {
    return new SmtpProbeError("tls", `TLS with ${where} failed: ${error.message}`, code);
  }
  return new SmtpProbeError("unreachable", `${where}: ${error.message}`, code || undefined);
}

function open(options: SmtpProbeOptions): Socket | TLSSocket {
  return options.secure
    ? tlsConnect({ host: options.host, port: options.port, servername: options.host })
    : netConnect({ host: options.host, port: options.port });
}

function upgrade(socket: Socket, host: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secured = tlsConnect({ socket, servername: host });
    secured.once("secureConnect", () => resolve(secured));
    secured.once("error", reject);
  });
}

function expect(reply: Reply, codes: number[], where: string, step: string): void {
  if (codes.includes(reply.code)) return;
  throw new SmtpProbeError(
    "protocol",
    `${where} answered ${step} with ${reply.lines.join(" ")}`,
    String(reply.code),
  );
}

function capabilities(reply: Reply): string[] {
  return reply.lines.map((line) => line.slice(4).trim().toUpperCase());
}

/**
 * Connects, upgrades to TLS when asked or offered, logs in and quits.
 * @throws SmtpProbeError auth (login refused), unreachable, tls or protocol
 */
export async function probeSmtpLogin(options: SmtpProbeOptions): Promise<void> {
  const where = `${options.host}:${options.port}`;
  const socket = open(options);
  const talk = new Conversation(socket, where);
  const timer = setTimeout(
    () =>
      socket.destroy(
        Object.assign(new Error(`no answer within ${(options.timeoutMs ?? 15_000) / 1000} s`), {
          code: "ETIMEDOUT",
        }),
      ),
    options.timeoutMs ?? 15_000,
  );
  try {
    expect(await talk.next(), [220], where, "the connection");
    let ehlo = await talk.command("EHLO po-pro");
    expect(ehlo, [250], where, "EHLO");
    let caps = capabilities(ehlo);
    if (!options.secure && caps.includes("STARTTLS")) {
      expect(await talk.command("STARTTLS"), [220], where, "STARTTLS");
      talk.detach();
      let secured: TLSSocket;
      try {
        secured = await upgrade(talk.socket, options.host);
      } catch (error) {
        throw classifySocketError(error as NodeJS.ErrnoException, where);
      }
      talk.attach(secured);
      ehlo = await talk.command("EHLO po-pro");
      expect(ehlo, [250], where, "EHLO");
      caps = capabilities(ehlo);
    }
    const auth = caps.find((cap) => cap.startsWith("AUTH ") || cap.startsWith("AUTH="));
    const mechanisms = auth?.slice(5).split(/\s+/) ?? [];
    let reply: Reply;
    if (mechanisms.includes("PLAIN")) {
      const plain = Buffer.from(`\0${options.user}\0${options.pass}`).toString("base64");
      reply = await talk.command(`AUTH PLAIN ${plain}`);
    } else if (mechanisms.includes("LOGIN")) {
      expect(await talk.command("AUTH LOGIN"), [334], where, "AUTH LOGIN");
      expect(
        await talk.command(Buffer.from(options.user).toString("base64")),
        [334],
        where,
        "the user name",
      );
      reply = await talk.command(Buffer.from(options.pass).toString("base64"));
    } else {
      throw new SmtpProbeError(
        "protocol",
        `${where} offers no password login on this connection${options.secure ? "" : " (it may need TLS)"}.`,
      );
    }
    if (reply.code === 535 || reply.code === 534 || reply.code === 530) {
      throw new SmtpProbeError("auth", `${where} refused the login: ${reply.lines.join(" ")}`);
    }
    expect(reply, [235], where, "the login");
    await talk.command("QUIT").catch(() => undefined);
  } finally {
    clearTimeout(timer);
    talk.detach();
    talk.socket.destroy();
  }
}
