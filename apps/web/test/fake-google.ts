/**
 * The parts of Google a "Connect Gmail" flow touches that the mail package's `FakeGmailServer`
 * does not serve: the consent page (`accounts.google.com/o/oauth2/v2/auth`) and the revoke
 * endpoint (`oauth2.googleapis.com/revoke`), in Google's wire format. The token endpoint and the
 * Gmail API stay the mail package's fake: a code approved here is one its token endpoint accepts.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeGmailServer } from "@po-pro/mail/testing";

export interface ConsentRequest {
  clientId: string | null;
  redirectUri: string | null;
  state: string | null;
  scope: string[];
  accessType: string | null;
  prompt: string | null;
}

export class FakeGoogle {
  readonly gmail = new FakeGmailServer();
  readonly consents: ConsentRequest[] = [];
  /** Every token posted to the revoke endpoint, in order. */
  readonly revoked: string[] = [];
  /** The refresh token each approved code becomes. */
  readonly issuedRefreshTokens: string[] = [];
  url = "";
  private readonly server = createServer((request, response) => {
    this.handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "text/plain" });
      response.end(String(error));
    });
  });

  async start(): Promise<this> {
    await this.gmail.start();
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.gmail.close();
  }

  /** The dashboard's GOOGLE_* overrides that point it here. */
  env(): Record<string, string> {
    return {
      GOOGLE_CLIENT_ID: "test-client.apps.googleusercontent.com",
      GOOGLE_CLIENT_SECRET: "test-client-secret",
      GOOGLE_AUTH_URL: `${this.url}o/oauth2/v2/auth`,
      GOOGLE_REVOKE_URL: `${this.url}revoke`,
      GOOGLE_TOKEN_URL: this.gmail.tokenUrl,
      GMAIL_API_URL: this.gmail.url,
    };
  }

  /** What "Allow" on the consent page at `consentUrl` leads to: the callback URL with a code. */
  approve(consentUrl: string): string {
    const query = new URL(consentUrl).searchParams;
    const code = `4/${randomBytes(16).toString("base64url")}`;
    const refreshToken = `1//fake-refresh-${randomBytes(16).toString("hex")}`;
    this.gmail.validCodes.set(code, refreshToken);
    this.issuedRefreshTokens.push(refreshToken);
    const back = new URL(query.get("redirect_uri") ?? "");
    back.searchParams.set("state", query.get("state") ?? "");
    back.searchParams.set("code", code);
    back.searchParams.set("scope", query.get("scope") ?? "");
    return back.href;
  }

  /** What "Cancel" leads to: Google's `error=access_denied`. */
  deny(consentUrl: string): string {
    const query = new URL(consentUrl).searchParams;
    const back = new URL(query.get("redirect_uri") ?? "");
    back.searchParams.set("error", "access_denied");
    back.searchParams.set("state", query.get("state") ?? "");
    return back.href;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.url);
    if (url.pathname === "/o/oauth2/v2/auth" && request.method === "GET") {
      return this.consentPage(url, response);
    }
    if (url.pathname === "/revoke" && request.method === "POST") {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const token = new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("token") ?? "";
      this.revoked.push(token);
      response.setHeader("content-type", "application/json; charset=utf-8");
      if (!this.issuedRefreshTokens.includes(token) || this.gmail.revokedRefreshTokens.has(token)) {
        response.writeHead(400);
        response.end(
          JSON.stringify({ error: "invalid_token", error_description: "Token expired or revoked" }),
        );
        return;
      }
      this.gmail.revokedRefreshTokens.add(token);
      response.writeHead(200);
      response.end("{}");
      return;
    }
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("Not Found");
  }

  private consentPage(url: URL, response: ServerResponse): void {
    const q = url.searchParams;
    this.consents.push({
      clientId: q.get("client_id"),
      redirectUri: q.get("redirect_uri"),
      state: q.get("state"),
      scope: (q.get("scope") ?? "").split(" ").filter(Boolean),
      accessType: q.get("access_type"),
      prompt: q.get("prompt"),
    });
    const href = url.href;
    const html = (text: string) =>
      text.replace(
        /[&<>"]/g,
        (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c,
      );
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><html lang="en"><head><title>Sign in - Google Accounts</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:4rem auto">
<h1>PO Pro wants to access your Google Account</h1>
<p>${html(this.gmail.emailAddress)}</p>
<ul>${(q.get("scope") ?? "")
      .split(" ")
      .map((s) => `<li>${html(s)}</li>`)
      .join("")}</ul>
<p><a href="${html(this.deny(href))}">Cancel</a> <a href="${html(this.approve(href))}">Allow</a></p>
</body></html>`);
  }
}
