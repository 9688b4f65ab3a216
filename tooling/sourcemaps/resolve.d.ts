/** A stack frame as Sentry sends it (1-based line and column). */
export interface StackFrameLike {
  filename?: string;
  abs_path?: string;
  function?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
}

/** `event.debug_meta.images[]`: which debug id the SDK saw for which script. */
export interface DebugImageLike {
  type?: string;
  code_file?: string;
  debug_id?: string;
}

export interface OriginalFrame {
  /** Absolute path of the original source file. */
  source: string;
  line: number;
  column: number;
  /** The original name of the function the frame is in, when it can be told. */
  function: string | undefined;
  debugId: string;
}

/** Refused: the frame's script has no debug id, or no map with that debug id was built. */
export declare class UnresolvableFrameError extends Error {}

export interface DebugIdIndex {
  /** Debug ids found in the scanned builds. */
  readonly debugIds: readonly string[];
  /** Resolves a frame through the map whose debug id the event names for its script. */
  resolve(frame: StackFrameLike, images: readonly DebugImageLike[] | undefined): OriginalFrame;
}

/**
 * Pairs every script under `dirs` that carries a `//# debugId=` comment with the source map under
 * `dirs` that carries the same id, wherever each lies (served chunks and maps kept apart). Like
 * Sentry's symbolicator, frames are matched by the debug id their event names, never by file
 * name, so a build that was not injected cannot be resolved against a different one.
 */
export declare function indexDebugIds(dirs: readonly string[]): DebugIdIndex;
