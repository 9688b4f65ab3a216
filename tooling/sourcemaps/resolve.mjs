import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";

export class UnresolvableFrameError extends Error {
  name = "UnresolvableFrameError";
}

const DEBUG_ID_COMMENT = /\/\/# debugId=([0-9a-fA-F-]{36})\s*$/;

function* scripts(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") yield* scripts(path);
    } else if (/\.(c|m)?js$/.test(entry.name)) {
      yield path;
    }
  }
}

function mapFileOf(file, code) {
  const reference = /\/\/# sourceMappingURL=(\S+)\s*(?:\/\/# debugId=\S+\s*)?$/.exec(code)?.[1];
  const candidate =
    reference && !reference.startsWith("data:") ? join(dirname(file), reference) : `${file}.map`;
  return existsSync(candidate) ? candidate : undefined;
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
 * The original name of the frame's function: find the declaration of the (maybe minified) name
 * the stack shows, last one before the frame, and read the name the map records there.
 */
function originalFunction(entry, frame, frameOffset) {
  const shown = frame.function?.split(".").pop();
  if (!shown || !/^[\w$]+$/.test(shown)) return undefined;
  const name = shown.replace(/\$/g, "\\$");
  const declaration = new RegExp(
    `(?:function\\s*\\*?\\s*|\\b(?:const|let|var)\\s+|[,;{(]\\s*|\\basync\\s+)(${name})\\s*(?:\\(|=\\s*(?:async\\s*)?(?:function\\b|\\(|[\\w$]+\\s*=>))`,
    "gd",
  );
  let found;
  for (const match of entry.code.matchAll(declaration)) {
    if (match.index > frameOffset) break;
    found = match.indices[1][0];
  }
  if (found === undefined) return shown;
  const at = lineColumnOf(entry.code, found);
  const original = originalPositionFor(entry.map, at);
  return original.name ?? shown;
}

export function indexDebugIds(dirs) {
  const byId = new Map();
  for (const dir of dirs) {
    for (const file of scripts(dir)) {
      const code = readFileSync(file, "utf8");
      const id = DEBUG_ID_COMMENT.exec(code)?.[1]?.toLowerCase();
      if (id === undefined) continue;
      const mapFile = mapFileOf(file, code);
      if (mapFile === undefined) continue;
      const raw = JSON.parse(readFileSync(mapFile, "utf8"));
      const mapId = (raw.debugId ?? raw.debug_id)?.toLowerCase();
      if (mapId !== id) continue;
      byId.set(id, { file, code, mapFile, map: new TraceMap(raw, mapFile) });
    }
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
