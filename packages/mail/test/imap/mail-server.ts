/**
 * A real mail server for the IMAP/SMTP adapter tests: Debian's Dovecot (IMAP, passwd-file auth,
 * maildir under a temp dir, plain-text login on 127.0.0.1, a free unprivileged port) started in
 * the foreground by the test, plus an `smtp-server` on 127.0.0.1 that delivers what it receives
 * into the recipient's Dovecot INBOX with IMAP APPEND. Both are stopped by `stop()`.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, connect as netConnect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { ImapFlow } from "imapflow";
import { SMTPServer } from "smtp-server";

const DOVECOT_CANDIDATES = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"];

export interface MailAccount {
  readonly user: string;
  readonly pass: string;
}

export interface TestMailServer {
  readonly host: "127.0.0.1";
  readonly imapPort: number;
  readonly smtpPort: number;
  readonly accounts: readonly MailAccount[];
  /** Raw messages the SMTP server accepted, in order, with their envelope recipients. */
  readonly received: { readonly to: readonly string[]; readonly raw: Buffer }[];
  /** Established TCP connections to the IMAP port (Linux /proc), to prove none is left open. */
  openImapConnections(): Promise<number>;
  /** An IMAP client logged in as `user`, for arranging and inspecting mailboxes. */
  client(user: string): Promise<ImapFlow>;
  stop(): Promise<void>;
}

export function findDovecot(): string | undefined {
  return DOVECOT_CANDIDATES.find((path) => existsSync(path));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function accountOf(accounts: readonly MailAccount[], user: string): MailAccount {
  const account = accounts.find((a) => a.user === user);
  if (account === undefined) throw new Error(`no test account ${user}`);
  return account;
}

/** Mail processes must not run as root: as root, mail is owned by Dovecot's own system user. */
function mailOwner(): { uid: number; gid: number; user: string; group: string; root: boolean } {
  const me = userInfo();
  if (me.uid !== 0) {
    const group = execFileSync("id", ["-gn"], { encoding: "utf8" }).trim();
    return { uid: me.uid, gid: me.gid, user: me.username, group, root: false };
  }
  const uid = Number(execFileSync("id", ["-u", "dovecot"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "dovecot"], { encoding: "utf8" }).trim());
  return { uid, gid, user: "dovecot", group: "dovecot", root: true };
}

function dovecotConfig(dir: string, port: number, owner: ReturnType<typeof mailOwner>): string {
  // Started by a non-root user, Dovecot runs every service as that user and cannot chroot.
  const unprivileged = owner.root
    ? ""
    : `default_internal_user = ${owner.user}
default_login_user = ${owner.user}
default_internal_group = ${owner.group}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`;
  return `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${owner.uid} gid=${owner.gid} home=${dir}/home/%u
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
}
service imap-login {
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
${unprivileged}`;
}

async function establishedConnections(port: number): Promise<number> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const table = await readFile("/proc/net/tcp", "utf8");
  return table
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter(
      ([, local, remote, state]) =>
        state === "01" && (local?.endsWith(`:${hexPort}`) || remote?.endsWith(`:${hexPort}`)),
    ).length;
}

async function logTail(dir: string): Promise<string> {
  const log = await readFile(join(dir, "dovecot.log"), "utf8").catch(() => "");
  return log.split("\n").slice(-20).join("\n");
}

/** Resolves once Dovecot sends its "ready" greeting (auth is up), not just when the port opens. */
async function waitForGreeting(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ready = await new Promise<boolean>((resolve) => {
      const socket = netConnect(port, "127.0.0.1");
      let text = "";
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(1_000, () => done(false));
      socket.on("data", (chunk) => {
        text += chunk.toString();
        if (text.includes("ready.")) done(true);
      });
      socket.on("error", () => done(false));
    });
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Dovecot did not greet on 127.0.0.1:${port} within the deadline`);
}

export async function startMailServer(accounts: readonly MailAccount[]): Promise<TestMailServer> {
  const dovecot = findDovecot();
  if (dovecot === undefined) {
    throw new Error(
      "The IMAP tests need Dovecot: install it with `apt-get install -y dovecot-imapd`.",
    );
  }
  const dir = await mkdtemp(join(tmpdir(), "po-pro-dovecot-"));
  const owner = mailOwner();
  await mkdir(join(dir, "run"));
  await mkdir(join(dir, "state"));
  await mkdir(join(dir, "home"));
  for (const account of accounts) await mkdir(join(dir, "home", account.user));
  await writeFile(
    join(dir, "users"),
    accounts
      .map((a) => `${a.user}:{PLAIN}${a.pass}`)
      .join("\n")
      .concat("\n"),
  );
  if (owner.root) {
    // mkdtemp makes 0700; Dovecot's auth and mail processes (not root) must reach inside.
    await chmod(dir, 0o711);
    await chown(join(dir, "home"), owner.uid, owner.gid);
    for (const account of accounts) {
      await chown(join(dir, "home", account.user), owner.uid, owner.gid);
    }
  }
  const imapPort = await freePort();
  const confPath = join(dir, "dovecot.conf");
  await writeFile(confPath, dovecotConfig(dir, imapPort, owner));

  const child: ChildProcess = spawn(dovecot, ["-F", "-c", confPath], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", (err) => {
      stderr += `${err.message}\n`;
      resolve();
    });
  });
  const clients: ImapFlow[] = [];
  let smtp: SMTPServer | undefined;

  const stop = async () => {
    for (const c of clients) c.close();
    if (smtp !== undefined) {
      const server = smtp;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    await rm(dir, { recursive: true, force: true });
  };

  const client = async (user: string): Promise<ImapFlow> => {
    const account = accountOf(accounts, user);
    const c = new ImapFlow({
      host: "127.0.0.1",
      port: imapPort,
      secure: false,
      auth: { user: account.user, pass: account.pass },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 15_000,
    });
    c.on("error", () => {});
    await c.connect();
    clients.push(c);
    return c;
  };

  try {
    await Promise.race([
      waitForGreeting(imapPort, Date.now() + 15_000),
      exited.then(async () => {
        throw new Error(`Dovecot exited at start: ${stderr.trim()} ${await logTail(dir)}`);
      }),
    ]);

    const received: { to: string[]; raw: Buffer }[] = [];
    const smtpPort = await freePort();
    // Delivery through IMAP APPEND: the recipient's mailbox sees the message as any MDA would
    // leave it, and Dovecot assigns the UID.
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onAuth(auth, _session, callback) {
        const account = accounts.find((a) => a.user === auth.username);
        if (account === undefined || account.pass !== auth.password) {
          callback(new Error("Invalid username or password"));
          return;
        }
        callback(null, { user: account.user });
      },
      // A recipient the server refuses outright, for the permanent-failure path.
      onRcptTo(address, _session, callback) {
        if (address.address.endsWith("@rejected.test")) {
          const refusal = new Error("No such user here") as Error & { responseCode: number };
          refusal.responseCode = 550;
          callback(refusal);
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks);
          const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          received.push({ to, raw });
          const local = to.filter((address) => accounts.some((a) => a.user === address));
          Promise.all(
            local.map(async (address) => {
              const c = await client(address);
              try {
                await c.append("INBOX", raw);
              } finally {
                await c.logout();
              }
            }),
          ).then(
            () => callback(null),
            (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
          );
        });
      },
    });
    smtp = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(smtpPort, "127.0.0.1", () => resolve());
    });
    server.on("error", () => {});

    return {
      host: "127.0.0.1",
      imapPort,
      smtpPort,
      accounts,
      received,
      openImapConnections: () => establishedConnections(imapPort),
      client,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
