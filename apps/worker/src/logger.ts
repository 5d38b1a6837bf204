import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON lines on stdout, one logger per process; jobs and the relay log through children of it. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'worker' }, timestamp: pino.stdTimeFunctions.isoTime });
}
