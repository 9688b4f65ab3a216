import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, inflateSync } from "node:zlib";
import { CHROMIUM_FLAGS, chromiumExecutable, DESKTOP_USER_AGENT } from "@po-pro/chromium/launch";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { build, type Rolldown } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTunnelHandler } from "../next/tunnel.js";
import type { EnvelopeItem } from "../testing/envelope.js";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "../testing/receiver.js";

const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));
const PAGE_ENTRY = "src/browser/fixtures/checkout-page.ts";
// Measured ≈ 106 KB minified for the entry; Session Replay and feedback alone are ≈ 180 KB.
const FIRST_LOAD_LIMIT_BYTES = 140 * 1024;

interface PageBundle {
  dir: string;
  files: Map<string, Rolldown.OutputChunk>;
  entry: string;
  /** The entry and every chunk it imports statically: what the browser loads before running it. */
  firstLoad: string[];
  /** The chunk `import()`ed for Session Replay and feedback. */
  lazyReplay: string;
}

const isReplayModule = (id: string) => /[/\\]@sentry[/\\](replay|feedback)[/\\]/.test(id);

// Vite (Rolldown), like webpack in Next, moves modules reached only through `import()` into the
// lazy chunk; esbuild cannot: it assigns whole files and follows @sentry/browser's barrel re-exports.
async function bundlePage(): Promise<PageBundle> {
  const dir = await mkdtemp(join(tmpdir(), "po-pro-page-"));
  const result = await build({
    configFile: false,
    logLevel: "warn",
    root: PACKAGE_DIR,
    build: {
      outDir: dir,
      emptyOutDir: false,
      write: true,
      minify: true,
      modulePreload: false,
      rollupOptions: {
        input: { page: PAGE_ENTRY },
        output: { format: "es", entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js" },
        preserveEntrySignatures: false,
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) =>
    "output" in r ? r.output : [],
  );
  const files = new Map<string, Rolldown.OutputChunk>();
  for (const output of outputs) if (output.type === "chunk") files.set(output.fileName, output);
  const entry = [...files.values()].find((chunk) => chunk.isEntry)?.fileName ?? "";
  const firstLoad: string[] = [];
  const visit = (name: string) => {
    if (firstLoad.includes(name)) return;
    firstLoad.push(name);
    for (const imported of files.get(name)?.imports ?? []) visit(imported);
  };
  visit(entry);
  const lazyReplay =
    [...files.values()].find(
      (chunk) => chunk.isDynamicEntry && Object.keys(chunk.modules).some(isReplayModule),
    )?.fileName ?? "";
  return { dir, files, entry, firstLoad, lazyReplay };
}

// Serves the page, its chunks, and the tunnel route forwarding to the receiver, as a Next app would.
function servePage(bundle: PageBundle, dsn: string, log: string[]): Server {
  const tunnel = createTunnelHandler({ dsn });
  const html = (replaysSessionSampleRate: number) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Checkout</title>
<script>window.pageConfig = ${JSON.stringify({ dsn, replaysSessionSampleRate })};</script>
<script type="module" src="/assets/${bundle.entry}"></script></head>
<body><h1>Order for Alice Example</h1><p id="email">alice@shop.test</p>
<input id="card" value="4111 1111 1111 1111"><button id="pay">Pay</button></body></html>`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://page");
    log.push(`${req.method} ${url.pathname}`);
    if (req.method === "POST" && url.pathname === "/monitoring") {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      const response = await tunnel(
        new Request(`http://page${url.pathname}`, {
          method: "POST",
          headers,
          body: Buffer.concat(chunks),
        }),
      );
      res.writeHead(response.status).end(Buffer.from(await response.arrayBuffer()));
      return;
    }
    if (url.pathname === "/") {
      const rate = url.searchParams.get("replay") === "1" ? 1 : 0;
      res.writeHead(200, { "content-type": "text/html" }).end(html(rate));
      return;
    }
    const asset = url.pathname.startsWith("/assets/") ? basename(url.pathname) : "";
    if (bundle.files.has(asset)) {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(await readFile(join(bundle.dir, asset)));
      return;
    }
    res.writeHead(404).end();
  }

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
}

function recordingText(item: EnvelopeItem): string {
  const bytes = Buffer.isBuffer(item.payload)
    ? item.payload
    : Buffer.from(JSON.stringify(item.payload));
  // `{"segment_id":N}\n` then the rrweb events, deflated when the compression worker ran.
  const body = bytes.subarray(bytes.indexOf(10) + 1);
  for (const decode of [inflateSync, gunzipSync]) {
    try {
      return decode(body).toString("utf8");
    } catch {
      // not this encoding
    }
  }
  return body.toString("utf8");
}

let receiver: EnvelopeReceiver;
let bundle: PageBundle;
let server: Server;
let origin: string;
let userDataDir: string;
let context: BrowserContext;
const requests: string[] = [];

beforeAll(async () => {
  const executablePath = chromiumExecutable();
  receiver = await startEnvelopeReceiver();
  bundle = await bundlePage();
  server = servePage(bundle, receiver.dsn, requests);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  userDataDir = await mkdtemp(join(tmpdir(), "po-pro-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    userAgent: DESKTOP_USER_AGENT,
  });
});

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await receiver?.close();
  for (const dir of [userDataDir, bundle?.dir]) {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
});

async function openCheckout(query = ""): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/${query}`);
  await page.evaluate(
    () => (window as { lazyIntegrationsLoaded?: Promise<boolean> }).lazyIntegrationsLoaded,
  );
  return page;
}

describe("initBrowser in Chromium", () => {
  it("keeps Session Replay out of the first load and fetches it after the load event", async () => {
    const sizes = Object.fromEntries(
      [...bundle.files.values()].map((chunk) => [chunk.fileName, chunk.code.length]),
    );
    const firstLoadBytes = bundle.firstLoad.reduce((sum, name) => sum + (sizes[name] ?? 0), 0);
    console.info(`page bundle: ${JSON.stringify(sizes)}; first load ${firstLoadBytes} bytes`);
    expect(bundle.lazyReplay).not.toBe("");
    expect(bundle.firstLoad).not.toContain(bundle.lazyReplay);
    for (const name of bundle.firstLoad) {
      expect(Object.keys(bundle.files.get(name)?.modules ?? {}).filter(isReplayModule)).toEqual([]);
    }
    expect(firstLoadBytes).toBeLessThan(FIRST_LOAD_LIMIT_BYTES);

    const page = await openCheckout();
    const timing = await page.evaluate((lazy) => {
      const [navigation] = performance.getEntriesByType(
        "navigation",
      ) as PerformanceNavigationTiming[];
      const replay = performance.getEntriesByType("resource").find((e) => e.name.endsWith(lazy));
      return { loadEventEnd: navigation?.loadEventEnd ?? -1, replayStart: replay?.startTime };
    }, bundle.lazyReplay);
    expect(timing.replayStart).toBeDefined();
    expect(timing.replayStart).toBeGreaterThanOrEqual(timing.loadEventEnd);
    expect(requests).toContain(`GET /assets/${bundle.lazyReplay}`);
    await page.close();
  });

  it("reports an error thrown in the page through the tunnel, with the email scrubbed", async () => {
    const page = await openCheckout();
    await page.click("#pay");
    const event = await receiver.waitForEvent((e) =>
      Boolean(e.exception?.values?.[0]?.value?.startsWith("checkout failed")),
    );
    expect(event.exception?.values?.[0]?.value).toBe("checkout failed for [Filtered]");
    expect(event.tags).toMatchObject({ service: "checkout-web" });
    expect(requests).toContain("POST /monitoring");
    expect(receiver.rawBodies().join("\n")).not.toContain("alice@shop.test");
    await page.close();
  });

  it("records a session replay with every text and input masked", async () => {
    const page = await openCheckout("?replay=1");
    // Replay sends its first segment once the recording is 5 s long (its minimum duration). The
    // error test's page keeps an on-error replay buffer and may flush it ("buffer") at any time:
    // this page's replay is the one that visited `?replay=1`, and its recording travels with it.
    const replayEvent = await receiver.waitFor(
      (item) =>
        item.type === "replay_event" &&
        ((item.payload as { urls?: string[] }).urls ?? []).some((url) => url.endsWith("?replay=1")),
      10_000,
    );
    expect(replayEvent.payload).toMatchObject({ replay_type: "session" });
    const envelope = receiver.envelopes().find((e) => e.items.includes(replayEvent));
    const recordingItem = envelope?.items.find((item) => item.type === "replay_recording");
    expect(recordingItem).toBeDefined();
    const recording = recordingText(recordingItem as EnvelopeItem);
    expect(recording).toContain('"tagName":"h1"');
    expect(recording).toMatch(/"textContent":"\*{5} \*{3} \*{5} \*{7}"/);
    for (const secret of ["Alice Example", "alice@shop.test", "4111 1111"]) {
      expect(recording).not.toContain(secret);
    }
    await page.close();
  });
});
