import { ConfigError, loadConfig } from '../config';

describe('configuration', () => {
  it('should use the embedded defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.TEMPORAL_ADDRESS).toBeUndefined();
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.TEMPORAL_TASK_QUEUE).toBe('complaints');
    expect(c.WEB_PORT).toBe(3000);
    expect(c.PUBLIC_URL).toBe('http://localhost:3000');
  });

  it('should treat empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', TEMPORAL_ADDRESS: '' }).DATABASE_URL).toBeUndefined();
  });

  it('should NOT accept a bad variable, and name it in the message', () => {
    const attempt = () =>
      loadConfig({ WEB_PORT: 'eighty', DATABASE_URL: 'mysql://x', TEMPORAL_ADDRESS: 'no-port' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const e = err as ConfigError;
      expect(e.issues.map((i) => i.variable).sort()).toEqual([
        'DATABASE_URL',
        'TEMPORAL_ADDRESS',
        'WEB_PORT',
      ]);
      expect(e.message).toMatch(/DATABASE_URL: must start with postgres:\/\//);
    }
  });

  it('should require SESSION_SECRET in production and the Twilio credentials with SMS_PROVIDER=twilio', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET: is required in production/);
    expect(() => loadConfig({ SMS_PROVIDER: 'twilio', TWILIO_FROM: '+15005550006' })).toThrow(
      /TWILIO_ACCOUNT_SID/,
    );
  });

  it('should NOT accept PROCESS_DEFAULTS that is not a JSON object', () => {
    expect(() => loadConfig({ PROCESS_DEFAULTS: '[1,2]' })).toThrow(
      /PROCESS_DEFAULTS: must be a JSON object/,
    );
  });

  it('should read WORKER_MAX_CACHED_WORKFLOWS as a positive whole number, unset by default', () => {
    expect(loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS).toBeUndefined();
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '500' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(500);
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
  });

  it('should NOT accept CLOCK_OVERRIDES that is not JSON, and accept one that is an object', () => {
    expect(() => loadConfig({ CLOCK_OVERRIDES: '{"finalResponse":' })).toThrow(
      /CLOCK_OVERRIDES: must be a JSON object/,
    );
    expect(loadConfig({ CLOCK_OVERRIDES: '{"finalResponse":{"budget":"P10BD"}}' }).CLOCK_OVERRIDES).toBe(
      '{"finalResponse":{"budget":"P10BD"}}',
    );
  });
});
