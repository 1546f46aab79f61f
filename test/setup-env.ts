// Runs in every integration test worker before the suite: quiet, test-mode configuration.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'warn';
