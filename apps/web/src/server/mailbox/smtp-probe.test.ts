import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeSmtpLogin, SmtpProbeError } from "./smtp-probe";

const USER = "orders@shop.test";
const PASS = "s3cret";
const b64 = (text: string) => Buffer.from(text).toString("base64");

/** A scripted SMTP server: multi-line EHLO, AUTH LOGIN only, one account. */
function speakSmtp(socket: Socket, transcript: string[]): void {
  let step: "command" | "user" | "pass" = "command";
  let user = "";
  socket.write("220 fake.test ESMTP ready\r\n");
  let buffer = "";
  socket.on("data", (chunk) => {
    buffer += chunk.toString();
    let newline = buffer.indexOf("\r\n");
    while (newline !== -1) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 2);
      transcript.push(line);
      if (step === "user") {
        user = Buffer.from(line, "base64").toString();
        step = "pass";
        socket.write("334 UGFzc3dvcmQ6\r\n");
      } else if (step === "pass") {
        const ok = user === USER && Buffer.from(line, "base64").toString() === PASS;
        step = "command";
        socket.write(ok ? "235 2.7.0 Accepted\r\n" : "535 5.7.8 Authentication failed\r\n");
      } else if (/^EHLO /i.test(line)) {
        socket.write("250-fake.test greets you\r\n250-SIZE 1000000\r\n250 AUTH LOGIN\r\n");
      } else if (line === "AUTH LOGIN") {
        step = "user";
        socket.write("334 VXNlcm5hbWU6\r\n");
      } else if (line === "QUIT") {
        socket.end("221 bye\r\n");
      } else {
        socket.write("502 unknown\r\n");
      }
      newline = buffer.indexOf("\r\n");
    }
  });
  socket.on("error", () => {});
}

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : 0);
    }),
  );

let plain: Server;
let plainPort: number;
let tls: Server;
let tlsPort: number;
const transcript: string[] = [];

beforeAll(async () => {
  plain = createServer((socket) => speakSmtp(socket, transcript));
  plainPort = await listen(plain);
  // A self-signed certificate: what a probe must refuse, as nodemailer would.
  const dir = mkdtempSync(join(tmpdir(), "smtp-probe-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-subj",
      "/CN=127.0.0.1",
      "-days",
      "1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  tls = createTlsServer(
    { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) },
    (socket) => speakSmtp(socket, []),
  );
  tlsPort = await listen(tls);
});

afterAll(() => {
  plain?.close();
  tls?.close();
});

async function failure(options: Parameters<typeof probeSmtpLogin>[0]): Promise<SmtpProbeError> {
  try {
    await probeSmtpLogin(options);
  } catch (error) {
    if (error instanceof SmtpProbeError) return error;
    throw error;
  }
  throw new Error("the probe succeeded");
}

describe("probeSmtpLogin", () => {
  it("logs in with AUTH LOGIN after a multi-line EHLO, and quits without sending", async () => {
    transcript.length = 0;
    await probeSmtpLogin({
      host: "127.0.0.1",
      port: plainPort,
      secure: false,
      user: USER,
      pass: PASS,
    });
    expect(transcript).toEqual(["EHLO po-pro", "AUTH LOGIN", b64(USER), b64(PASS), "QUIT"]);
  });

  it("says auth when the password is refused", async () => {
    const error = await failure({
      host: "127.0.0.1",
      port: plainPort,
      secure: false,
      user: USER,
      pass: "wrong",
    });
    expect(error.kind).toBe("auth");
  });

  it("says tls for TLS on a plain port and for an untrusted certificate", async () => {
    const options = { host: "127.0.0.1", secure: true, user: USER, pass: PASS, timeoutMs: 5_000 };
    expect((await failure({ ...options, port: plainPort })).kind).toBe("tls");
    const untrusted = await failure({ ...options, port: tlsPort });
    expect(untrusted.kind).toBe("tls");
    expect(untrusted.message).toMatch(/certificate/i);
  });

  it("says unreachable for a closed port", async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure({ host: "127.0.0.1", port, secure: false, user: USER, pass: PASS });
    expect(error.kind).toBe("unreachable");
    expect(error.code).toBe("ECONNREFUSED");
  });
});
