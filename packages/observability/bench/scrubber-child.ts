// `BENCH_NODES` runs: the scrubber benchmark under one Node binary; prints its figures as JSON.
import { benchScrubber } from "./scrubber.js";

process.stdout.write(`${JSON.stringify({ version: process.version, ...benchScrubber() })}\n`);
