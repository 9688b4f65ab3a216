import { connect } from "node:net";

/** PostgreSQL's SSLRequest: a real server answers with exactly one byte, `S` or `N`. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/**
 * Says in a few words what answers at host:port, for the error of a connection that never became
 * a session: something that is not PostgreSQL, nothing at all, or a PostgreSQL that is too slow.
 */
export function describePeer(host: string, port: number, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    const done = (text: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(text);
    };
    const timer = setTimeout(
      () =>
        done(
          received.length === 0
            ? "the server there accepts connections but does not answer"
            : answeredWith(received),
        ),
      timeoutMs,
    );
    socket.once("connect", () => socket.write(SSL_REQUEST));
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length === 1 && (received[0] === 0x53 || received[0] === 0x4e)) {
        // One byte and nothing more could still be PostgreSQL: give it a moment to say more.
        return;
      }
      done(answeredWith(received));
    });
    socket.once("end", () =>
      done(
        received.length === 0
          ? "the server there closed the connection without answering; is it PostgreSQL?"
          : answeredWith(received),
      ),
    );
    socket.once("error", (error: NodeJS.ErrnoException) =>
      done(`the server there could not be reached again (${error.code ?? error.message})`),
    );
  });
}

function answeredWith(bytes: Buffer): string {
  if (bytes.length === 1 && (bytes[0] === 0x53 || bytes[0] === 0x4e)) {
    return "a PostgreSQL server answers there but did not complete the login in time";
  }
  const printable = bytes
    .subarray(0, 40)
    .toString("latin1")
    .replace(/[^\x20-\x7e]+/g, " ")
    .trim();
  return `the server there is not PostgreSQL: it answered "${printable}"`;
}
