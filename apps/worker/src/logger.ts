import { pinoObservabilityOptions } from "@po-pro/observability/node";
import pino, { type Logger } from "pino";

/**
 * JSON lines for machines, or — on a terminal, the default for `pnpm start` — one readable line
 * per event: the message with its time and level, without pulling in a pretty-printer.
 */
export function createLogger(options: {
  level: string;
  format: "pretty" | "json";
  destination?: NodeJS.WritableStream;
}): Logger {
  const destination = options.destination ?? process.stdout;
  if (options.format === "json") {
    return pino(
      { level: options.level, ...pinoObservabilityOptions() },
      destination as pino.DestinationStream,
    );
  }
  return pino(
    { level: options.level, ...pinoObservabilityOptions() },
    {
      write(line: string) {
        const record = JSON.parse(line) as { time: number; level: number; msg?: string };
        const time = new Date(record.time).toISOString().slice(11, 19);
        const level = record.level >= 50 ? " ERROR" : record.level >= 40 ? " WARN" : "";
        destination.write(`${time}${level}  ${record.msg ?? ""}\n`);
      },
    },
  );
}
