/**
 * `compiler.runAfterProductionCompile` in next.config.ts: copies the browser chunks' source maps
 * to `<distDir>/sourcemaps/static` (never served) before withSentryConfig uploads and deletes the
 * served ones.
 */
export declare function keepBrowserSourceMaps(context: { distDir: string }): Promise<void>;
