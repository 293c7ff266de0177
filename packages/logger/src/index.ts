/**
 * @pipecraft/logger — one structured logger for every process (server, API, runner): JSON lines,
 * levels, and redaction of secrets before anything is written.
 */
export {
  createLogger,
  redact,
  silentLogger,
  LOG_LEVELS,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  type LogFields,
} from './logger.js';
