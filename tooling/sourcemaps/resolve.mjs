import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import { FlattenMap, originalPositionFor } from "@jridgewell/trace-mapping";

export class UnresolvableFrameError extends Error {
  name = "UnresolvableFrameError";
}

/** The trailing comments: sentry-cli puts the debug id last, Turbopack before the map's URL. */
const TRAILER = /((?:\n\/\/# (?:debugId|sourceMappingURL)=\S+[ \t]*)+)\s*$/;

function trailer(code, key) {
  const comments = TRAILER.exec(code)?.[1] ?? "";
  return new RegExp(`^//# ${key}=(\\S+)`, "m").exec(comments)?.[1];
}

function filesUnder(dir, pattern) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => pattern.test(file) && !file.split(/[\\/]/).includes("node_modules"))
    .map((file) => join(dir, file));
}

/** Offset in `code` of a 1-based line and 0-based column. */
function offsetOf(code, line, column) {
  let offset = 0;
  for (let i = 1; i < line; i++) offset = code.indexOf("\n", offset) + 1;
  return offset + column;
}

function lineColumnOf(code, offset) {
  const before = code.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - (before.lastIndexOf("\n") + 1) };
}

/**
 * Where the function enclosing `offset` starts in minified code: walks back over balanced braces
 * to each enclosing `{` and takes the first one that opens a function (`function f(…){`,
 * `(…)=>{`, a method `f(…){`). Strings holding braces can mislead it; it is a test's tool.
 */
function enclosingFunctionStart(code, offset) {
  let depth = 0;
  for (let i = offset; i >= 0; i--) {
    const c = code[i];
    if (c === "}") depth++;
    else if (c === "{") {
      if (depth > 0) {
        depth--;
        continue;
      }
      const before = code.slice(Math.max(0, i - 300), i);
      const head =
        /(?:async\s*)?function\s*\*?\s*[\w$]*\s*\([^()]*\)\s*$/.exec(before) ??
        /(?:async\s*)?(?:\([^()]*\)|[\w$]+)\s*=>\s*$/.exec(before) ??
        /[\w$]+\s*\([^()]*\)\s*$/.exec(before);
      if (head !== null && !/^(?:if|for|while|switch|catch|with)\b/.test(head[0])) {
        return i - before.length + head.index;
      }
    }
  }
  return undefined;
}

/** The name declared at a position of the original source: `function f`, `f =`, `f(` … */
function declaredNameAt(source, line, column) {
  const text = source.split("\n")[line - 1]?.slice(column) ?? "";
  const match =
    /^(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([\w$]+)/.exec(text) ??
    /^(?:(?:export|const|let|var|static|async|public|private|protected|readonly)\s+)*([\w$]+)\s*(?:[:=]|\()/.exec(
      text,
    );
  return match?.[1];
}

function originalSourceText(entry, source) {
  const index = entry.map.resolvedSources.indexOf(source);
  const content = index >= 0 ? entry.map.sourcesContent?.[index] : undefined;
  if (typeof content === "string") return content;
  return existsSync(source) ? readFileSync(source, "utf8") : undefined;
}

/**
 * The original name of the frame's function, as Sentry's symbolicator tells it: the function
 * enclosing the frame in the minified code, mapped back to its declaration in the original
 * source. Falls back to the name the stack shows.
 */
function originalFunction(entry, frame, frameOffset) {
  const shown = frame.function?.split(".").pop();
  const start = enclosingFunctionStart(entry.code, frameOffset);
  if (start !== undefined) {
    const original = originalPositionFor(entry.map, lineColumnOf(entry.code, start));
    if (original.source !== null && original.line !== null) {
      const text = originalSourceText(entry, original.source);
      const name = text && declaredNameAt(text, original.line, original.column);
      if (name) return name;
      if (original.name) return original.name;
    }
  }
  return shown && /^[\w$]+$/.test(shown) ? shown : undefined;
}

export function indexDebugIds(dirs) {
  // Scripts by the debug id in their trailer; maps by theirs (a build may keep maps apart from
  // the scripts it serves, as `keepBrowserSourceMaps` does).
  const code = new Map();
  const maps = new Map();
  for (const dir of dirs) {
    for (const file of filesUnder(dir, /\.(c|m)?js(\.map)?$/)) {
      if (file.endsWith(".map")) {
        const raw = JSON.parse(readFileSync(file, "utf8"));
        const id = (raw.debugId ?? raw.debug_id)?.toLowerCase();
        if (id !== undefined) maps.set(id, { mapFile: file, map: new FlattenMap(raw, file) });
      } else {
        const text = readFileSync(file, "utf8");
        const id = trailer(text, "debugId")?.toLowerCase();
        if (id !== undefined) code.set(id, { file, code: text });
      }
    }
  }
  const byId = new Map();
  for (const [id, map] of maps) {
    const script = code.get(id);
    if (script !== undefined) byId.set(id, { ...script, ...map });
  }
  return {
    debugIds: [...byId.keys()],
    resolve(frame, images) {
      const where = frame.abs_path ?? frame.filename;
      const image = (images ?? []).find(
        (i) =>
          i.type === "sourcemap" &&
          (i.code_file === frame.abs_path || i.code_file === frame.filename),
      );
      if (image?.debug_id === undefined) {
        throw new UnresolvableFrameError(
          `${where}: the event names no debug id for this script (were its source maps injected?)`,
        );
      }
      const entry = byId.get(image.debug_id.toLowerCase());
      if (entry === undefined) {
        throw new UnresolvableFrameError(`${where}: no source map with debug id ${image.debug_id}`);
      }
      if (frame.lineno === undefined || frame.colno === undefined) {
        throw new UnresolvableFrameError(`${where}: the frame has no line and column`);
      }
      const position = { line: frame.lineno, column: frame.colno - 1 };
      const original = originalPositionFor(entry.map, position);
      if (original.source === null || original.line === null) {
        throw new UnresolvableFrameError(
          `${where}:${frame.lineno}:${frame.colno} maps to no source in ${entry.mapFile}`,
        );
      }
      const source = original.source.startsWith("file:")
        ? fileURLToPath(original.source)
        : resolvePath(dirname(entry.mapFile), original.source);
      return {
        source,
        line: original.line,
        column: original.column,
        function: originalFunction(
          entry,
          frame,
          offsetOf(entry.code, position.line, position.column),
        ),
        debugId: image.debug_id,
      };
    },
  };
}
