/** A setting or environment that stops start-up: reported as one line, without a stack. */
export class ConfigError extends Error {}
